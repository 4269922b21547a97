#include "services/registry/domain/quality_validation.h"

#include <algorithm>
#include <set>
#include <string>
#include <string_view>

#include "common/api/etag.h"
#include "common/api/request_id.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/registry/domain/duplicate_scoring.h"
#include "services/registry/domain/text.h"
#include "services/registry/domain/validation.h"

namespace crm::registry {
namespace {

using common::Violations;

bool AllDigits(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

constexpr std::size_t kMaxFieldPaths = 30;

void CheckOptional(Violations& v, const char* path, std::string* value, std::size_t max) {
  v.AddIf(path, CheckText(*value, {.required = false, .max_characters = max}));
}

void CheckComment(Violations& v, const char* path, std::string* value) {
  v.AddIf(path, CheckText(*value, {.required = false,
                                   .max_characters = kCommentMaxCharacters,
                                   .line_breaks = true}));
}

// The client's id, or a violation of `field` ("" returned).
std::string ClientId(Violations& v, const std::string& name, const char* field) {
  try {
    return ValidateClientName(name, field);
  } catch (const common::ValidationError& e) {
    for (const auto& violation : e.violations()) {
      v.Add(violation.field, violation.description);
    }
    return "";
  }
}

// The comment and the request_id of a request that opens a verification item.
template <class Request>
void ReadCommentAndRequestId(Violations& v, const Request& request, NewVerificationItem& item) {
  item.comment = request.comment();
  CheckComment(v, "comment", &item.comment);
  item.request_id = request.request_id();
  common::api::CheckRequestId(v, item.request_id);
}

VerificationDecision Decision(Violations& v, const std::string& name, const std::string& etag) {
  VerificationDecision decision;
  decision.client_id = ClientId(v, name, "name");
  decision.etag = etag;
  common::api::RequireEtag(v, "etag", etag);
  return decision;
}

}  // namespace

v1::Client ValidateCheckDuplicates(const v1::CheckDuplicatesRequest& request) {
  Violations v;
  v1::Client client;
  if (!request.has_client()) {
    throw common::ValidationError("client", "is required");
  }
  const v1::Client& in = request.client();
  client.set_display_name(in.display_name());
  client.set_legal_name(in.legal_name());
  client.set_inn(Trim(in.inn()));
  client.set_kpp(Trim(in.kpp()));
  client.set_phone(in.phone());
  client.set_email(in.email());
  CheckOptional(v, "client.display_name", client.mutable_display_name(), kNameMaxCharacters);
  CheckOptional(v, "client.legal_name", client.mutable_legal_name(), kNameMaxCharacters);
  if (!client.inn().empty() &&
      (!AllDigits(client.inn()) || (client.inn().size() != 10 && client.inn().size() != 12))) {
    v.Add("client.inn", "must be 10 or 12 digits");
  }
  if (!client.kpp().empty() && client.kpp().size() != 9) {
    v.Add("client.kpp", "must be 9 characters");
  }
  CheckOptional(v, "client.phone", client.mutable_phone(), 40);
  if (!client.phone().empty()) {
    v.AddIf("client.phone", CheckPhone(client.phone()));
  }
  CheckOptional(v, "client.email", client.mutable_email(), 254);
  if (!client.email().empty()) {
    v.AddIf("client.email", CheckEmail(client.email()));
  }
  if (v.empty() && client.display_name().empty() && client.legal_name().empty() &&
      client.inn().empty() && client.phone().empty() && client.email().empty()) {
    v.Add("client", "give at least one of display_name, legal_name, inn, phone, email");
  }
  v.ThrowIfAny();
  return client;
}

VerificationQueueQuery ValidateListVerificationQueue(
    const v1::ListVerificationQueueRequest& request, std::string_view caller) {
  Violations v;
  VerificationQueueQuery query;
  if (!v1::VerificationReason_IsValid(request.reason())) {
    v.Add("reason", "is not a known verification reason");
  } else {
    query.reason = VerificationReasonText::Of(request.reason());
  }
  query.window = ReadListWindow(request, caller, v);
  v.ThrowIfAny();
  return query;
}

VerificationDecision ValidateVerifyClient(const v1::VerifyClientRequest& request) {
  Violations v;
  VerificationDecision decision = Decision(v, request.name(), request.etag());
  decision.comment = request.comment();
  CheckComment(v, "comment", &decision.comment);
  decision.postal_address_confirmed = request.postal_address_confirmed();
  v.ThrowIfAny();
  return decision;
}

VerificationDecision ValidateRejectClient(const v1::RejectClientRequest& request) {
  Violations v;
  VerificationDecision decision = Decision(v, request.name(), request.etag());
  decision.comment = request.reason();
  v.AddIf("reason", CheckText(decision.comment, {.required = true,
                                                 .max_characters = kCommentMaxCharacters,
                                                 .line_breaks = true}));
  v.ThrowIfAny();
  return decision;
}

bool IsClientFieldPath(const std::string& path) {
  static const std::set<std::string, std::less<>> kOutputOnly = {"name", "etag", "create_time",
                                                                 "update_time", "delete_time"};
  const google::protobuf::Descriptor* message = v1::Client::descriptor();
  std::string_view rest = path;
  bool top = true;
  while (true) {
    const std::size_t dot = rest.find('.');
    const std::string part(rest.substr(0, dot));
    if (part.empty() || message == nullptr || (top && kOutputOnly.contains(part))) {
      return false;
    }
    const google::protobuf::FieldDescriptor* field = message->FindFieldByName(part);
    if (field == nullptr) {
      return false;
    }
    if (dot == std::string_view::npos) {
      return true;
    }
    message = field->message_type();
    rest = rest.substr(dot + 1);
    top = false;
  }
}

NewVerificationItem ValidateFlagClient(const v1::FlagClientRequest& request) {
  Violations v;
  NewVerificationItem item;
  item.client_id = ClientId(v, request.name(), "name");
  item.problem = request.problem();
  v.AddIf("problem",
          CheckText(item.problem, {.required = true, .max_characters = kProblemMaxCharacters}));
  if (static_cast<std::size_t>(request.field_paths_size()) > kMaxFieldPaths) {
    v.Add("field_paths", "must name at most " + std::to_string(kMaxFieldPaths) + " fields");
  }
  std::set<std::string> seen;
  for (int i = 0; i < request.field_paths_size(); ++i) {
    const std::string path = Trim(request.field_paths(i));
    const std::string field = "field_paths[" + std::to_string(i) + "]";
    if (!IsClientFieldPath(path)) {
      v.Add(field, "must be a field of the client, like phone or legal_address");
    } else if (!seen.insert(path).second) {
      v.Add(field, "is named twice");
    } else {
      item.field_paths.push_back(path);
    }
  }
  ReadCommentAndRequestId(v, request, item);
  v.ThrowIfAny();
  return item;
}

NewVerificationItem ValidateMarkPostalAddressInvalid(
    const v1::MarkPostalAddressInvalidRequest& request) {
  Violations v;
  NewVerificationItem item;
  item.client_id = ClientId(v, request.name(), "name");
  item.problem = request.problem();
  CheckOptional(v, "problem", &item.problem, kProblemMaxCharacters);
  item.field_paths = {"postal_address"};
  ReadCommentAndRequestId(v, request, item);
  v.ThrowIfAny();
  return item;
}

MergeRequest ValidateMergeClients(const v1::MergeClientsRequest& request) {
  constexpr int kMaxMerged = 20;
  Violations v;
  MergeRequest merge;
  merge.survivor_id = ClientId(v, request.survivor(), "survivor");
  if (request.merged_size() == 0) {
    v.Add("merged", "name at least one client to merge into the survivor");
  } else if (request.merged_size() > kMaxMerged) {
    v.Add("merged", "merge at most " + std::to_string(kMaxMerged) + " clients at once");
  }
  std::set<std::string> seen{merge.survivor_id};
  for (int i = 0; i < request.merged_size() && i < kMaxMerged; ++i) {
    const std::string field = "merged[" + std::to_string(i) + "]";
    const std::string id = ClientId(v, request.merged(i), field.c_str());
    if (id.empty()) {
      continue;
    }
    if (id == merge.survivor_id) {
      v.Add(field, "is the survivor itself");
    } else if (!seen.insert(id).second) {
      v.Add(field, "is named twice");
    } else {
      merge.merged_ids.push_back(id);
    }
  }
  std::vector<std::string> needing_etags;
  if (!merge.survivor_id.empty()) {
    needing_etags.push_back(merge.survivor_id);
  }
  needing_etags.insert(needing_etags.end(), merge.merged_ids.begin(), merge.merged_ids.end());
  for (const std::string& id : needing_etags) {
    const std::string name = common::ResourceName("clients", id);
    auto etag = request.etags().find(name);
    const std::string given = etag == request.etags().end() ? "" : etag->second;
    common::api::RequireEtag(v, "etags[\"" + name + "\"]", given);
    if (!given.empty()) {
      merge.etags[id] = given;
    }
  }
  merge.comment = request.comment();
  CheckComment(v, "comment", &merge.comment);
  merge.request_id = request.request_id();
  common::api::CheckRequestId(v, merge.request_id);
  v.ThrowIfAny();
  return merge;
}

std::string ValidateMergeName(const std::string& name) {
  if (name.empty()) {
    throw common::ValidationError("name", "is required");
  }
  auto id = common::ParseResourceId(name, "merges");
  if (!id) {
    throw common::ValidationError("name", "must be a resource name like merges/{uuid}");
  }
  return *id;
}

DuplicateScan ValidateFindDuplicates(const v1::FindDuplicatesRequest& request,
                                     std::string_view caller) {
  Violations v;
  DuplicateScan scan;
  if (request.page_size() < 0 || request.page_size() > kMaxDuplicateScanBatch) {
    v.Add("page_size", "must be 1 to " + std::to_string(kMaxDuplicateScanBatch) +
                           " clients (0 for " + std::to_string(kDefaultDuplicateScanBatch) + ")");
  }
  scan.batch_size = request.page_size() == 0 ? kDefaultDuplicateScanBatch : request.page_size();
  if (request.min_score() != 0 &&
      (request.min_score() < kCandidateThreshold || request.min_score() > 100)) {
    v.Add("min_score", "must be " + std::to_string(kCandidateThreshold) + " to 100 (0 for " +
                           std::to_string(kCandidateThreshold) + ")");
  }
  scan.min_score = request.min_score() == 0 ? kCandidateThreshold : request.min_score();
  scan.after_id = "00000000-0000-0000-0000-000000000000";
  // The window's size is ours; only its key is read from the token.
  const ListWindow window = ReadListWindow(request, 1, request.page_token(), caller, v);
  scan.query = window.query;
  if (window.after) {
    scan.after_id = window.after->id;
  }
  v.ThrowIfAny();
  return scan;
}

std::string DuplicateScanPageToken(const DuplicateScan& scan, const std::string& last_id) {
  return common::api::IssuePageToken(scan.query, common::api::PageKeyParts{"", last_id});
}

}  // namespace crm::registry
