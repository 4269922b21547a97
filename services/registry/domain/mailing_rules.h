#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/auth/auth.h"
#include "crm/registry/v1/mailing.pb.h"
#include "services/registry/domain/client_filter.h"
#include "services/registry/domain/list_window.h"
#include "services/registry/domain/org_fields.h"

// Rules of postal mailings: input checks (throwing common::ValidationError with field paths) and
// who sees and edits which selection.
namespace crm::registry {

// The most rows (or clients) one MarkReturnedMail request names.
inline constexpr int kMaxReturnedMailPerRequest = 500;

// CreateMailingSelection: the selection with its text trimmed and its filter checked.
v1::MailingSelection ValidateCreateMailingSelection(
    const v1::CreateMailingSelectionRequest& request);
// "mailingSelections/{uuid}" -> the uuid; anything else is a violation of `field`.
std::string ValidateMailingSelectionName(std::string_view name, const char* field);

using MailingSelectionUpdate = UpdateTarget;
// The update mask's fields are checked as on create.
MailingSelectionUpdate ValidateUpdateMailingSelection(
    const v1::UpdateMailingSelectionRequest& request);
v1::MailingSelection ApplyMailingSelectionUpdate(const v1::MailingSelection& current,
                                                 const v1::MailingSelection& changes,
                                                 const std::vector<std::string>& paths);

using MailingSelectionDeletion = Deletion;
MailingSelectionDeletion ValidateDeleteMailingSelection(
    const v1::DeleteMailingSelectionRequest& request);

// Page tokens of the list are bound to the caller: personal selections differ per caller.
ListWindow ValidateListMailingSelections(const v1::ListMailingSelectionsRequest& request,
                                         std::string_view caller);

struct NewMailingExport {
  std::string selection_id;
};
NewMailingExport ValidateCreateMailingExport(const v1::CreateMailingExportRequest& request);
// "mailingExports/{uuid}" -> the uuid; anything else is a violation of `field`.
std::string ValidateMailingExportName(std::string_view name, const char* field);

struct MailingDownload {
  std::string export_id;
  v1::MailingExportFormat format = v1::MAILING_EXPORT_FORMAT_UNSPECIFIED;
};
MailingDownload ValidateDownloadMailingExport(const v1::DownloadMailingExportRequest& request);

struct ReturnedMail {
  std::string export_id;
  std::vector<int> row_numbers;         // no repeats
  std::vector<std::string> client_ids;  // no repeats
  std::string problem;
  std::string comment;
};
ReturnedMail ValidateMarkReturnedMail(const v1::MarkReturnedMailRequest& request);
// The request id of the queue item a returned letter of `client_id` from `export_id` opens:
// marking a client twice from one export opens one item.
std::string ReturnedMailRequestId(std::string_view export_id, std::string_view client_id);

// A personal selection exists only for its owner; a shared one for every member of staff.
bool MaySeeMailingSelection(const v1::MailingSelection& selection,
                            const common::auth::Principal& caller);
// Owners edit their personal selections; analysts (and admins) edit shared ones.
bool MayEditMailingSelection(const v1::MailingSelection& selection,
                             const common::auth::Principal& caller);
// Anyone mailing keeps personal selections; only analysts create shared ones.
bool MayCreateMailingSelection(const v1::MailingSelection& selection,
                               const common::auth::Principal& caller);

}  // namespace crm::registry
