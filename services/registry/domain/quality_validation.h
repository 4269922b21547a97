#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/api/enum_text.h"
#include "crm/registry/v1/quality.pb.h"
#include "crm/registry/v1/registry.pb.h"
#include "services/registry/domain/list_window.h"

// Input rules of ClientQualityService. Each Validate* function reads one request, returns what
// the store needs with text trimmed, and throws common::ValidationError listing every problem by
// its request field path.
namespace crm::registry {

// The record to check: at least one of display_name, legal_name, inn, phone, email; each given
// field well-formed (an INN of 10 or 12 digits; checksums are CreateClient's business).
v1::Client ValidateCheckDuplicates(const v1::CheckDuplicatesRequest& request);

struct VerificationQueueQuery {
  std::string reason;  // "NEW_RECORD", ...; "" for every reason
  ListWindow window;
};
VerificationQueueQuery ValidateListVerificationQueue(
    const v1::ListVerificationQueueRequest& request, std::string_view caller);

// The stored text of a verification item's reason ("NEW_RECORD", ...) and of duplicate reasons
// ("SAME_INN", ...); "" for UNSPECIFIED.
using VerificationReasonText = common::api::EnumText<v1::VerificationReason>;
using DuplicateReasonText = common::api::EnumText<v1::DuplicateReason>;

// An analyst's decision about one client: VerifyClient and RejectClient.
struct VerificationDecision {
  std::string client_id;
  std::string etag;
  std::string comment;  // the comment, or the reason of a rejection
  bool postal_address_confirmed = false;
};
VerificationDecision ValidateVerifyClient(const v1::VerifyClientRequest& request);
VerificationDecision ValidateRejectClient(const v1::RejectClientRequest& request);

// The longest problem and comment of a verification item (FlagClient, MarkPostalAddressInvalid,
// and the returned mail of a mailing export, which opens one), in characters.
inline constexpr std::size_t kProblemMaxCharacters = 200;
inline constexpr std::size_t kCommentMaxCharacters = 2000;

// A new item for the queue: FlagClient and MarkPostalAddressInvalid.
struct NewVerificationItem {
  std::string client_id;
  std::string problem;
  std::vector<std::string> field_paths;
  std::string comment;
  std::string request_id;
  // Returned mail: one item per export and client, whoever reports it (ReturnedMailRequestId).
  std::string returned_mail_key;
};
NewVerificationItem ValidateFlagClient(const v1::FlagClientRequest& request);
NewVerificationItem ValidateMarkPostalAddressInvalid(
    const v1::MarkPostalAddressInvalidRequest& request);

// MergeClients: the survivor, 1 to 20 distinct other clients, and an etag for each of them.
struct MergeRequest {
  std::string survivor_id;
  std::vector<std::string> merged_ids;
  std::map<std::string, std::string> etags;  // by client id
  std::string comment;
  std::string request_id;
};
MergeRequest ValidateMergeClients(const v1::MergeClientsRequest& request);
// "merges/{uuid}" -> the uuid; anything else is a violation of "name".
std::string ValidateMergeName(const std::string& name);

// FindDuplicates: a batch of the scan, resumed after the page token's client.
struct DuplicateScan {
  int batch_size = 0;            // 1..kMaxDuplicateScanBatch
  std::string after_id;          // the nil UUID for the first batch
  int min_score = 0;             // kCandidateThreshold..100
  common::api::PageQuery query;  // what the next batch's token is issued for
};
inline constexpr int kDefaultDuplicateScanBatch = 100;
inline constexpr int kMaxDuplicateScanBatch = 1000;
DuplicateScan ValidateFindDuplicates(const v1::FindDuplicatesRequest& request,
                                     std::string_view caller);
// The token of the batch of `scan` after the one ending with client `last_id`.
std::string DuplicateScanPageToken(const DuplicateScan& scan, const std::string& last_id);

// A path of crm.registry.v1.Client fields a person can get wrong ("phone",
// "postal_address.city"); output-only fields are no such path.
bool IsClientFieldPath(const std::string& path);

}  // namespace crm::registry
