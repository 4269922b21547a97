#include "services/registry/domain/mailing_rules.h"

#include <algorithm>
#include <array>

#include "common/api/etag.h"
#include "common/api/request_id.h"
#include "common/api/update_mask.h"
#include "services/registry/domain/org_fields.h"
#include "services/registry/domain/quality_validation.h"
#include "services/registry/domain/text.h"
#include "services/registry/domain/validation.h"

namespace crm::registry {
namespace {

using common::Violations;
using common::auth::Role;

// Trims and checks the text fields and the filter of `selection` (fields under
// "mailing_selection."); `paths` limits the check to those fields (every field when empty).
void CheckSelection(Violations& v, v1::MailingSelection* selection,
                    const std::vector<std::string>& paths) {
  auto checked = [&](std::string_view path) {
    return paths.empty() || common::api::HasPath(paths, path);
  };
  if (checked("display_name")) {
    v.AddIf("mailing_selection.display_name",
            CheckText(*selection->mutable_display_name(),
                      {.required = true, .max_characters = kNameMaxCharacters}));
  }
  if (checked("description")) {
    v.AddIf("mailing_selection.description",
            CheckText(*selection->mutable_description(),
                      {.required = false, .max_characters = 5000, .line_breaks = true}));
  }
  if (checked("filter")) {
    ReadClientFilter(selection->filter(), "mailing_selection.filter", v);
  }
}

}  // namespace

v1::MailingSelection ValidateCreateMailingSelection(
    const v1::CreateMailingSelectionRequest& request) {
  Violations v;
  common::api::CheckRequestId(v, request.request_id());
  if (!request.has_mailing_selection()) {
    v.Add("mailing_selection", "is required");
    v.ThrowIfAny();
  }
  const v1::MailingSelection& in = request.mailing_selection();
  v1::MailingSelection selection;
  selection.set_display_name(in.display_name());
  selection.set_description(in.description());
  selection.set_personal(in.personal());
  *selection.mutable_filter() = in.filter();
  selection.set_subscribed_only(in.subscribed_only());
  selection.set_valid_postal_address_only(in.valid_postal_address_only());
  CheckSelection(v, &selection, {});
  v.ThrowIfAny();
  return selection;
}

std::string ValidateMailingSelectionName(std::string_view name, const char* field) {
  return RequireResourceId(name, field, "mailingSelections");
}

MailingSelectionUpdate ValidateUpdateMailingSelection(
    const v1::UpdateMailingSelectionRequest& request) {
  static constexpr std::array<std::string_view, 5> kUpdatable = {
      "display_name", "description", "filter", "subscribed_only", "valid_postal_address_only"};
  Violations v;
  MailingSelectionUpdate update =
      ReadUpdateTarget(v, "mailing_selection",
                       request.has_mailing_selection() ? &request.mailing_selection() : nullptr,
                       request.update_mask(), "mailingSelections", kUpdatable);
  if (request.has_mailing_selection() && !update.paths.empty()) {
    v1::MailingSelection changes = request.mailing_selection();
    CheckSelection(v, &changes, update.paths);
  }
  v.ThrowIfAny();
  return update;
}

v1::MailingSelection ApplyMailingSelectionUpdate(const v1::MailingSelection& current,
                                                 const v1::MailingSelection& changes,
                                                 const std::vector<std::string>& paths) {
  v1::MailingSelection target = current;
  v1::MailingSelection trimmed = changes;
  Violations ignored;  // checked by ValidateUpdateMailingSelection; this only trims
  CheckSelection(ignored, &trimmed, paths);
  for (const std::string& path : paths) {
    if (path == "display_name") {
      target.set_display_name(trimmed.display_name());
    } else if (path == "description") {
      target.set_description(trimmed.description());
    } else if (path == "filter") {
      *target.mutable_filter() = trimmed.filter();
    } else if (path == "subscribed_only") {
      target.set_subscribed_only(trimmed.subscribed_only());
    } else if (path == "valid_postal_address_only") {
      target.set_valid_postal_address_only(trimmed.valid_postal_address_only());
    }
  }
  return target;
}

MailingSelectionDeletion ValidateDeleteMailingSelection(
    const v1::DeleteMailingSelectionRequest& request) {
  return ReadDeletion(request.name(), request.etag(), "mailingSelections");
}

ListWindow ValidateListMailingSelections(const v1::ListMailingSelectionsRequest& request,
                                         std::string_view caller) {
  return ValidateListWindow(request, caller);
}

NewMailingExport ValidateCreateMailingExport(const v1::CreateMailingExportRequest& request) {
  Violations v;
  NewMailingExport out;
  common::api::CheckRequestId(v, request.request_id());
  if (auto id = ReadResourceId(v, "selection", request.selection(), "mailingSelections")) {
    out.selection_id = *id;
  }
  v.ThrowIfAny();
  return out;
}

std::string ValidateMailingExportName(std::string_view name, const char* field) {
  return RequireResourceId(name, field, "mailingExports");
}

MailingDownload ValidateDownloadMailingExport(const v1::DownloadMailingExportRequest& request) {
  Violations v;
  MailingDownload download;
  if (auto id = ReadResourceId(v, "name", request.name(), "mailingExports")) {
    download.export_id = *id;
  }
  if (request.format() != v1::MAILING_EXPORT_FORMAT_CSV &&
      request.format() != v1::MAILING_EXPORT_FORMAT_LABELS_PDF) {
    v.Add("format", "must be MAILING_EXPORT_FORMAT_CSV or MAILING_EXPORT_FORMAT_LABELS_PDF");
  }
  download.format = request.format();
  v.ThrowIfAny();
  return download;
}

ReturnedMail ValidateMarkReturnedMail(const v1::MarkReturnedMailRequest& request) {
  Violations v;
  ReturnedMail mail;
  if (auto id = ReadResourceId(v, "name", request.name(), "mailingExports")) {
    mail.export_id = *id;
  }
  const int named = request.row_numbers_size() + request.clients_size();
  if (named == 0) {
    v.Add("row_numbers", "name at least one row number or client of the export");
  } else if (named > kMaxReturnedMailPerRequest) {
    v.Add("row_numbers", "name at most " + std::to_string(kMaxReturnedMailPerRequest) +
                             " rows and clients per request");
  }
  for (int i = 0; i < request.row_numbers_size() && i < kMaxReturnedMailPerRequest; ++i) {
    const std::string field = "row_numbers[" + std::to_string(i) + "]";
    const int row = request.row_numbers(i);
    if (row < 1) {
      v.Add(field, "must be a row number of the export (1 or more)");
    } else if (std::find(mail.row_numbers.begin(), mail.row_numbers.end(), row) !=
               mail.row_numbers.end()) {
      v.Add(field, "is named twice");
    } else {
      mail.row_numbers.push_back(row);
    }
  }
  for (int i = 0; i < request.clients_size() && i < kMaxReturnedMailPerRequest; ++i) {
    const std::string field = "clients[" + std::to_string(i) + "]";
    if (auto id = ReadResourceId(v, field, request.clients(i), "clients")) {
      if (Contains(mail.client_ids, *id)) {
        v.Add(field, "is named twice");
      } else {
        mail.client_ids.push_back(*id);
      }
    }
  }
  mail.problem = request.problem();
  v.AddIf("problem",
          CheckText(mail.problem, {.required = false, .max_characters = kProblemMaxCharacters}));
  mail.comment = request.comment();
  v.AddIf("comment", CheckText(mail.comment, {.required = false,
                                              .max_characters = kCommentMaxCharacters,
                                              .line_breaks = true}));
  v.ThrowIfAny();
  return mail;
}

std::string ReturnedMailRequestId(std::string_view export_id, std::string_view client_id) {
  return "returned-mail:" + std::string(export_id) + ":" + std::string(client_id);
}

bool MaySeeMailingSelection(const v1::MailingSelection& selection,
                            const common::auth::Principal& caller) {
  return !selection.personal() || selection.owner() == caller.subject;
}

bool MayEditMailingSelection(const v1::MailingSelection& selection,
                             const common::auth::Principal& caller) {
  if (selection.personal()) {
    return selection.owner() == caller.subject;
  }
  return caller.HasAny({Role::kAnalyst, Role::kAdmin});
}

bool MayCreateMailingSelection(const v1::MailingSelection& selection,
                               const common::auth::Principal& caller) {
  if (selection.personal()) {
    return caller.HasAny({Role::kSalesManager, Role::kSalesHead, Role::kAnalyst, Role::kAdmin});
  }
  return caller.HasAny({Role::kAnalyst, Role::kAdmin});
}

}  // namespace crm::registry
