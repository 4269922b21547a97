#pragma once

#include <map>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/auth/auth.h"
#include "crm/registry/v1/quality.pb.h"
#include "crm/registry/v1/registry.pb.h"
#include "services/registry/domain/quality_validation.h"
#include "services/registry/domain/verification.h"
#include "services/registry/store/page.h"

// Duplicate candidates and the verification queue. Every function runs inside the caller's
// transaction; `actor` is the principal subject recorded as author.
namespace crm::registry {

// The most candidates returned per record.
inline constexpr int kMaxDuplicateCandidates = 20;

// An incoming record to check against the base: the client's requisites and, for a record
// already in the base, its own id (so it does not match itself; "" for a new record).
struct DuplicateProbe {
  v1::Client client;
  std::string exclude_id;
};

// Live clients that may be the same company as each probe: element i holds the candidates of
// probes[i], best score first, each scoring at least the candidate threshold. One statement for
// the whole batch, so an import checks its rows a batch at a time.
std::vector<std::vector<v1::DuplicateCandidate>> FindDuplicateCandidatesBatch(
    pqxx::transaction_base& tx, const std::vector<DuplicateProbe>& probes);

// The candidates of one record (FindDuplicateCandidatesBatch for a batch of one).
std::vector<v1::DuplicateCandidate> FindDuplicateCandidates(pqxx::transaction_base& tx,
                                                            const v1::Client& client,
                                                            const std::string& exclude_id = "");

// One batch of a scan of the whole base for duplicates (FindDuplicates): the live clients after
// `scan.after_id` in id order, each scored against the whole base in one statement; pairs are
// kept from the client that sorts first, so each pair turns up in one batch only.
struct DuplicateScanBatch {
  int scanned = 0;
  std::string last_id;  // "" when the batch was empty (the scan is over)
  std::vector<v1::DuplicatePair> pairs;
  // Every client named by `pairs`, by client name.
  std::map<std::string, v1::DuplicateClusterMember> members;
};
DuplicateScanBatch ScanDuplicates(pqxx::transaction_base& tx, const DuplicateScan& scan);

// The rows of an import batch ([first_row, end_row), still without a result) that are probable
// duplicates of a live client: the best candidate of each, when it is a candidate by the score
// and the name, phone or e-mail is among its reasons (the same INN alone is a branch, which the
// import creates). Candidates are found by equal keys, one statement for the batch.
struct ImportRowDuplicate {
  int row_number = 0;
  v1::DuplicateCandidate candidate;
};
std::vector<ImportRowDuplicate> FindImportRowDuplicates(pqxx::transaction_base& tx,
                                                        const std::string& import_id, int first_row,
                                                        int end_row);

struct ClientVerification {
  VerificationState state = VerificationState::kVerified;
  bool postal_address_valid = true;
  bool has_open_items = false;
};
// The verification of a client known to exist (lock it first when about to change it).
ClientVerification ReadClientVerification(pqxx::transaction_base& tx, const std::string& id);
// Writes the state and the address flag as a new version of the client.
void WriteClientVerification(pqxx::transaction_base& tx, const std::string& id,
                             const ClientVerification& verification, const std::string& actor);

// Opens an item of `reason` ("NEW_RECORD", "FLAGGED_BY_MANAGER", "RETURNED_MAIL") with the
// client's duplicate candidates as they are now. Throws pqxx::unique_violation when returned mail
// of the same export and client opened one already.
v1::VerificationItem OpenVerificationItem(pqxx::transaction_base& tx, const v1::Client& client,
                                          const std::string& reason,
                                          const NewVerificationItem& item,
                                          const std::string& actor);
std::optional<v1::VerificationItem> FindVerificationItem(pqxx::transaction_base& tx,
                                                         const std::string& id);
// The item returned mail opened for the key of one export and client (ReturnedMailRequestId).
std::optional<v1::VerificationItem> FindReturnedMailItem(pqxx::transaction_base& tx,
                                                         const std::string& returned_mail_key);
// Closes every open item of the client with `resolution` ("VERIFIED", "REJECTED", "MERGED").
void ResolveVerificationItems(pqxx::transaction_base& tx, const std::string& client_id,
                              const std::string& resolution, const std::string& comment,
                              const std::string& actor);
// Open items oldest first, with their recorded candidates that are still live clients.
Page<v1::VerificationItem> ListVerificationQueue(pqxx::transaction_base& tx,
                                                 const VerificationQueueQuery& query);

}  // namespace crm::registry
