#include "services/documents/store/document_store.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "common/api/date.h"
#include "common/api/enum_text.h"
#include "common/auth/access.h"
#include "common/core/digest.h"
#include "common/core/ids.h"
#include "common/db/lists.h"
#include "common/db/money.h"
#include "common/db/params.h"
#include "common/db/row.h"
#include "common/db/rows.h"
#include "services/documents/domain/issuer_rules.h"
#include "services/documents/domain/lifecycle.h"

namespace crm::documents::store {
namespace {

using common::db::MoneyOf;
using common::db::OrNull;
using common::db::Row;

// A row of issuer_get, issuer_primary, issuer_insert, issuer_list (store/sql/issuers.sql).
// The stored text of an issuer's closing documents: "" (unspecified), "UPD_STATUS_1".
using ClosingDocumentsText = common::api::EnumText<v1::ClosingDocuments>;
// The stored text of a document's type and status: "INVOICE", "ANNULLED".
using DocumentTypeText = common::api::EnumText<v1::DocumentType>;

// An issuer's draft kinds as stored: "CONTRACT,CHECKLIST" ('' for none).
std::string DraftKindsText(const v1::Issuer& issuer) {
  std::string text;
  for (const int kind : issuer.draft_kinds()) {
    if (!text.empty()) {
      text += ',';
    }
    text += DocumentTypeText::Of(static_cast<v1::DocumentType>(kind));
  }
  return text;
}

IssuerRecord IssuerFromRow(const Row& row) {
  IssuerRecord record;
  record.id = row.Text("id");
  v1::Issuer& issuer = record.issuer;
  issuer.set_name(common::ResourceName("issuers", record.id));
  issuer.set_legal_name(row.Text("legal_name"));
  issuer.set_inn(row.Text("inn"));
  issuer.set_kpp(row.Text("kpp"));
  issuer.set_ogrn(row.Text("ogrn"));
  issuer.set_address(row.Text("address"));
  issuer.set_bank_name(row.Text("bank_name"));
  issuer.set_bik(row.Text("bik"));
  issuer.set_settlement_account(row.Text("settlement_account"));
  issuer.set_correspondent_account(row.Text("correspondent_account"));
  issuer.set_director(row.Text("director"));
  issuer.set_chief_accountant(row.Text("chief_accountant"));
  issuer.set_primary(row.Bool("is_primary"));
  issuer.set_payment_term_days(row.Int32("payment_term_days"));
  issuer.set_etag(row.Text("version"));
  issuer.set_director_position(row.Text("director_position"));
  issuer.set_director_basis(row.Text("director_basis"));
  issuer.set_chief_accountant_basis(row.Text("chief_accountant_basis"));
  issuer.set_closing_documents(ClosingDocumentsText::Parse(row.Text("closing_documents")));
  issuer.set_edo_participant_id(row.Text("edo_participant_id"));
  for (const std::string& kind : common::db::SplitList(row.Text("draft_kinds"))) {
    issuer.add_draft_kinds(DocumentTypeText::Parse(kind));
  }
  issuer.set_director_genitive(row.Text("director_genitive"));
  issuer.set_director_position_genitive(row.Text("director_position_genitive"));
  record.seq = row.Int64("seq");
  return record;
}

// A row of document_content and scan_content.
DocumentFile FileFromRow(const Row& row) {
  return DocumentFile{row.Text("file_name"), row.Text("content_type"), row.Bytes("content"),
                      row.Text("manager")};
}

// A row of document_current_of_sale and document_draft_of_sale.
CurrentDocument CurrentFromRow(const Row& row) {
  return CurrentDocument{row.Text("id"), row.Text("status"), row.Text("number"),
                         row.Bool("up_to_date")};
}

std::string IdFromRow(const Row& row) { return row.Text("id"); }

using DocumentStatusText = common::api::EnumText<v1::DocumentStatus>;
using DeliveryChannelText = common::api::EnumText<v1::DeliveryChannel>;

// A stored YYYY-MM-DD column as a google.type.Date.
google::type::Date DateOf(const Row& row, const char* column) {
  const std::string text = row.Text(column);
  const auto date = common::api::ParseIsoDate(text);
  if (!date) {
    throw std::runtime_error(std::string("unexpected ") + column + " " + text);
  }
  return common::api::ProtoDate(*date);
}

// A row of document_get and document_list (store/sql/documents.sql).
DocumentRecord DocumentFromRow(const Row& row) {
  DocumentRecord record;
  v1::Document& d = record.document;
  d.set_name(common::ResourceName("documents", row.Text("id")));
  d.set_type(DocumentTypeText::Parse(row.Text("doc_type")));
  d.set_sequence_number(row.Int64("sequence_number"));
  d.set_number(row.Text("number"));
  *d.mutable_issue_date() = DateOf(row, "issue_date");
  d.set_issuer(common::ResourceName("issuers", row.Text("issuer_id")));
  d.set_sale(common::ResourceName("sales", row.Text("sale_id")));
  d.set_client(row.Text("client"));
  d.set_client_legal_name(row.Text("client_legal_name"));
  const std::string currency = row.Text("currency_code");
  *d.mutable_net_amount() = MoneyOf(currency, row.Int64("net_amount"));
  d.set_vat_rate_bp(row.Int32("vat_rate_bp"));
  *d.mutable_vat_amount() = MoneyOf(currency, row.Int64("vat_amount"));
  *d.mutable_total_amount() = MoneyOf(currency, row.Int64("total_amount"));
  d.set_total_in_words(row.Text("total_in_words"));
  d.set_file_name(row.Text("file_name"));
  *d.mutable_create_time() = row.TimeFromMicros("create_time_us");
  record.seq = row.Int64("seq");
  d.set_manager(row.Text("manager"));
  d.set_status(DocumentStatusText::Parse(row.Text("status")));
  if (auto replaced_by = row.OptionalText("replaced_by")) {
    d.set_replaced_by(common::ResourceName("documents", *replaced_by));
  }
  if (auto replaces = row.OptionalText("replaces")) {
    d.set_replaces(common::ResourceName("documents", *replaces));
  }
  d.set_annulment_reason(row.Text("annul_reason"));
  if (auto annulled = row.OptionalTimeFromMicros("annul_time_us")) {
    *d.mutable_annul_time() = *annulled;
  }
  if (row.OptionalText("payment_due_date")) {
    *d.mutable_payment_due_date() = DateOf(row, "payment_due_date");
  }
  d.set_etag(row.Text("version"));
  if (auto template_id = row.OptionalText("template_id")) {
    d.set_template_(common::ResourceName("issuers", row.Text("issuer_id")) + "/" +
                    common::ResourceName("documentTemplates", *template_id));
  }
  d.set_upd_status(row.Int32("upd_status"));
  d.set_rendered_by(row.OptionalText("rendered_by").value_or(""));
  if (auto rendered = row.OptionalTimeFromMicros("render_time_us")) {
    *d.mutable_render_time() = *rendered;
  }
  d.set_issued_by(row.OptionalText("issued_by").value_or(""));
  if (d.status() != v1::DOCUMENT_STATUS_DRAFT && d.sequence_number() > 0) {
    *d.mutable_issue_time() = row.TimeFromMicros("issue_time_us");
  }
  if (auto channel = row.OptionalText("send_channel")) {
    v1::DocumentSending& sent = *d.mutable_sent();
    sent.set_channel(DeliveryChannelText::Parse(*channel));
    sent.set_recipient(row.Text("send_recipient"));
    sent.set_sent_by(row.Text("sent_by"));
    *sent.mutable_send_time() = row.TimeFromMicros("send_time_us");
  }
  if (auto signatory = row.OptionalText("signatory")) {
    v1::DocumentSignature& signed_by = *d.mutable_signed_();
    signed_by.set_counterparty_signatory(*signatory);
    *signed_by.mutable_signed_date() = DateOf(row, "signed_date");
    signed_by.set_recorded_by(row.Text("sign_recorded_by"));
    *signed_by.mutable_record_time() = row.TimeFromMicros("sign_time_us");
    if (auto scan = row.OptionalText("signed_scan_id")) {
      signed_by.set_scan(ScanName(row.Text("id"), *scan));
    }
  }
  return record;
}

// A row of scan_insert and scans_of_documents.
v1::DocumentScan ScanFromRow(const Row& row) {
  v1::DocumentScan scan;
  scan.set_name(ScanName(row.Text("document_id"), row.Text("id")));
  scan.set_file_name(row.Text("file_name"));
  scan.set_content_type(row.Text("content_type"));
  scan.set_size_bytes(row.Int64("size_bytes"));
  scan.set_sha256(row.Text("sha256"));
  scan.set_uploaded_by(row.Text("uploaded_by"));
  *scan.mutable_upload_time() = row.TimeFromMicros("upload_time_us");
  return scan;
}

// Fills the scans of every record, with one statement for all of them.
void FillScans(pqxx::transaction_base& tx, std::vector<DocumentRecord>& records) {
  if (records.empty()) {
    return;
  }
  std::map<std::string, v1::Document*> by_name;
  std::vector<std::string> ids;
  ids.reserve(records.size());
  for (DocumentRecord& record : records) {
    by_name[record.document.name()] = &record.document;
    ids.push_back(common::ParseResourceId(record.document.name(), "documents").value());
  }
  for (const auto& r : tx.exec_prepared("scans_of_documents", common::db::ArrayLiteral(ids))) {
    const Row row(r);
    const auto document = by_name.find(common::ResourceName("documents", row.Text("document_id")));
    if (document != by_name.end()) {
      *document->second->add_scans() = ScanFromRow(row);
    }
  }
}

std::optional<DocumentRecord> OneDocument(pqxx::transaction_base& tx, const pqxx::result& result) {
  std::optional<DocumentRecord> found = common::db::FirstRowOf(result, DocumentFromRow);
  if (!found) {
    return std::nullopt;
  }
  std::vector<DocumentRecord> one{std::move(*found)};
  FillScans(tx, one);
  return std::move(one.front());
}

}  // namespace

void LockIssuers(pqxx::work& tx) { tx.exec_prepared("issuers_lock"); }

std::optional<IssuerRecord> FindIssuer(pqxx::transaction_base& tx, const std::string& id) {
  return common::db::FirstRowOf(tx.exec_prepared("issuer_get", id), IssuerFromRow);
}

std::optional<std::string> IssuerIdByRequisites(pqxx::transaction_base& tx,
                                                const v1::Issuer& issuer,
                                                const std::optional<std::string>& except_id) {
  return common::db::FirstRowOf(
      tx.exec_prepared("issuer_by_requisites", issuer.inn(), issuer.kpp(), issuer.bik(),
                       issuer.settlement_account(), OrNull(except_id)),
      IdFromRow);
}

std::optional<IssuerRecord> PrimaryIssuer(pqxx::transaction_base& tx) {
  return common::db::FirstRowOf(tx.exec_prepared("issuer_primary"), IssuerFromRow);
}

void UnmarkPrimaryIssuer(pqxx::work& tx) { tx.exec_prepared("issuer_unmark_primary"); }

IssuerRecord InsertIssuer(pqxx::work& tx, const std::string& id, const v1::Issuer& issuer,
                          bool primary) {
  auto result = tx.exec_prepared(
      "issuer_insert", id, issuer.legal_name(), issuer.inn(), issuer.kpp(), issuer.ogrn(),
      issuer.address(), issuer.bank_name(), issuer.bik(), issuer.settlement_account(),
      issuer.correspondent_account(), issuer.director(), issuer.chief_accountant(), primary,
      issuer.payment_term_days() > 0 ? issuer.payment_term_days() : kDefaultPaymentTermDays,
      issuer.director_position(), issuer.director_basis(), issuer.chief_accountant_basis(),
      ClosingDocumentsText::Of(issuer.closing_documents()), issuer.edo_participant_id(),
      DraftKindsText(issuer), issuer.director_genitive(), issuer.director_position_genitive());
  return IssuerFromRow(Row(result[0]));
}

std::optional<IssuerRecord> LockIssuer(pqxx::work& tx, const std::string& id) {
  return common::db::FirstRowOf(tx.exec_prepared("issuer_lock", id), IssuerFromRow);
}

IssuerRecord UpdateIssuer(pqxx::work& tx, const std::string& id, const v1::Issuer& issuer) {
  return IssuerFromRow(Row(tx.exec_prepared1(
      "issuer_update", id, issuer.legal_name(), issuer.kpp(), issuer.address(), issuer.bank_name(),
      issuer.bik(), issuer.settlement_account(), issuer.correspondent_account(), issuer.director(),
      issuer.chief_accountant(), issuer.primary(), issuer.payment_term_days(),
      issuer.director_position(), issuer.director_basis(), issuer.chief_accountant_basis(),
      ClosingDocumentsText::Of(issuer.closing_documents()), issuer.edo_participant_id(),
      DraftKindsText(issuer), issuer.director_genitive(), issuer.director_position_genitive())));
}

std::vector<IssuerRecord> ListIssuers(pqxx::transaction_base& tx, int64_t after_seq, int limit) {
  return common::db::RowsOf(tx.exec_prepared("issuer_list", after_seq, limit), IssuerFromRow);
}

void LockSale(pqxx::work& tx, const std::string& sale_id) {
  tx.exec_prepared("document_lock_sale", sale_id);
}

std::optional<std::string> DocumentIdBySale(pqxx::transaction_base& tx, const std::string& sale_id,
                                            const std::string& doc_type) {
  return common::db::FirstRowOf(tx.exec_prepared("document_id_by_sale", sale_id, doc_type),
                                IdFromRow);
}

std::optional<CurrentDocument> CurrentDocumentOfSale(pqxx::transaction_base& tx,
                                                     const std::string& sale_id,
                                                     const std::string& doc_type,
                                                     const std::string& as_of) {
  return common::db::FirstRowOf(
      tx.exec_prepared("document_current_of_sale", sale_id, doc_type, as_of), CurrentFromRow);
}

void MarkReplaced(pqxx::work& tx, const std::string& id, const std::string& replacement_id) {
  tx.exec_prepared("document_mark_replaced", id, replacement_id);
}

void MarkAnnulled(pqxx::work& tx, const std::string& id, const std::string& reason,
                  const std::string& annul_time) {
  tx.exec_prepared("document_mark_annulled", id, reason, annul_time);
}

SeriesNumber NextNumber(pqxx::work& tx, const std::string& issuer_id, const std::string& doc_type,
                        int year, const std::string& wanted_date) {
  const auto row = Row(tx.exec_prepared1("counter_next", issuer_id, doc_type, year, wanted_date));
  return {row.Int64("last_number"), row.Text("issue_date")};
}

void InsertDocument(pqxx::work& tx, const NewDocument& d) {
  tx.exec_prepared(
      "document_insert", d.id, d.doc_type, d.issuer_id, d.year, d.sequence_number, d.number,
      d.issue_date, d.sale_id, d.client, d.client_legal_name, d.edition_display_name,
      d.currency_code, d.net_amount, d.vat_rate_bp, d.vat_amount, d.total_amount, d.total_in_words,
      d.file_name, d.content_type, pqxx::binarystring(d.content), d.sha256, d.snapshot_json,
      d.source_event_id, d.manager, d.replaces, d.sale_as_of,
      OrNull(common::auth::EmployeeIdOf(d.manager)), d.edition, d.payment_due_date, d.template_id,
      d.payment, d.upd_status, d.status, d.draft_sale_json, d.changed_by);
}

void RewriteDocument(pqxx::work& tx, const NewDocument& d) {
  tx.exec_prepared("document_rewrite", d.id, d.status, d.year, d.sequence_number, d.number,
                   d.issue_date, d.client, d.client_legal_name, d.edition_display_name,
                   d.currency_code, d.net_amount, d.vat_rate_bp, d.vat_amount, d.total_amount,
                   d.total_in_words, d.file_name, pqxx::binarystring(d.content), d.sha256,
                   d.snapshot_json, d.sale_as_of, d.payment_due_date, d.template_id, d.replaces,
                   d.changed_by, d.draft_sale_json, d.source_event_id);
}

std::optional<CurrentDocument> DraftOfSale(pqxx::transaction_base& tx, const std::string& sale_id,
                                           const std::string& doc_type, const std::string& as_of) {
  return common::db::FirstRowOf(
      tx.exec_prepared("document_draft_of_sale", sale_id, doc_type, as_of), CurrentFromRow);
}

std::optional<std::string> CurrentSnapshotOfSale(pqxx::transaction_base& tx,
                                                 const std::string& sale_id,
                                                 const std::string& doc_type) {
  auto result = tx.exec_prepared("document_current_snapshot", sale_id, doc_type);
  if (result.empty() || Row(result[0]).Text("status") == "ANNULLED") {
    return std::nullopt;
  }
  return Row(result[0]).Text("snapshot");
}

std::optional<DraftBasis> GetDraftBasis(pqxx::transaction_base& tx, const std::string& id) {
  return common::db::FirstRowOf(tx.exec_prepared("document_draft_basis", id), [](const Row& row) {
    return DraftBasis{row.Text("doc_type"),        row.Text("issuer_id"),  row.Text("sale_id"),
                      row.Text("manager"),         row.Text("edition"),    row.Text("sale_as_of"),
                      row.Text("source_event_id"), row.Text("draft_sale"), row.Text("issue_date")};
  });
}

std::vector<ClosingCandidate> ClosingCandidates(pqxx::transaction_base& tx,
                                                const std::string& edition,
                                                const std::string& sale_id) {
  return common::db::RowsOf(
      tx.exec_prepared("closing_candidates", edition, sale_id), [](const Row& row) {
        return ClosingCandidate{row.Text("sale_id"),    row.Text("issuer_id"),
                                row.Text("snapshot"),   row.Text("manager"),
                                row.Text("sale_as_of"), row.OptionalText("act_snapshot"),
                                row.Text("act_type"),   row.Text("edition_end_date")};
      });
}

std::optional<AdvanceBasis> FindAdvanceBasis(pqxx::transaction_base& tx, const std::string& sale_id,
                                             const std::string& payment,
                                             const std::string& event_id) {
  return common::db::FirstRowOf(
      tx.exec_prepared("advance_basis", sale_id, payment, event_id), [](const Row& row) {
        return AdvanceBasis{row.Text("issuer_id"),         row.Text("snapshot"),
                            row.Text("manager"),           row.Text("edition"),
                            row.Text("sale_as_of"),        row.Bool("has_act"),
                            row.OptionalText("advance_id")};
      });
}

std::optional<CorrectionBasis> FindCorrectionBasis(pqxx::transaction_base& tx,
                                                   const std::string& sale_id) {
  return common::db::FirstRowOf(tx.exec_prepared("correction_basis", sale_id), [](const Row& row) {
    return CorrectionBasis{row.Text("doc_type"), row.Text("vat_invoice"),
                           row.OptionalText("last_corrective"),
                           row.OptionalText("transfer_document")};
  });
}

void UpsertEdition(pqxx::transaction_base& tx, const std::string& edition,
                   const std::string& end_date, const std::string& status,
                   const std::optional<std::string>& event_time) {
  tx.exec_prepared("edition_upsert", edition, end_date, status, OrNull(event_time));
}

std::vector<DueEdition> EditionsDueForClosing(pqxx::transaction_base& tx,
                                              const std::string& today) {
  return common::db::RowsOf(tx.exec_prepared("editions_due_for_closing", today),
                            [](const Row& row) {
                              return DueEdition{row.Text("edition"), row.Text("close_date")};
                            });
}

int64_t EditionDocumentCount(pqxx::transaction_base& tx, const std::string& edition,
                             const std::string& doc_type) {
  return Row(tx.exec_prepared1("edition_document_count", edition, doc_type)).Int64("documents");
}

std::optional<DocumentRecord> GetDocument(pqxx::transaction_base& tx, const std::string& id) {
  return OneDocument(tx, tx.exec_prepared("document_get", id));
}

std::optional<DocumentRecord> LockDocument(pqxx::work& tx, const std::string& id) {
  return OneDocument(tx, tx.exec_prepared("document_lock", id));
}

void MarkSent(pqxx::work& tx, const std::string& id, v1::DeliveryChannel channel,
              const std::string& recipient, const std::string& sent_by) {
  tx.exec_prepared("document_mark_sent", id, DeliveryChannelText::Of(channel), recipient, sent_by);
}

void MarkSigned(pqxx::work& tx, const std::string& id, const std::string& signatory,
                const std::string& signed_date, const std::string& recorded_by,
                const std::string& scan_id) {
  tx.exec_prepared("document_mark_signed", id, signatory, signed_date, recorded_by, scan_id);
}

v1::DocumentScan InsertScan(pqxx::work& tx, const NewScan& scan) {
  return ScanFromRow(Row(tx.exec_prepared1("scan_insert", scan.id, scan.document_id, scan.file_name,
                                           scan.content_type, pqxx::binarystring(scan.content),
                                           static_cast<int64_t>(scan.content.size()),
                                           common::Sha256Hex(scan.content), scan.uploaded_by)));
}

std::optional<DocumentFile> GetScanFile(pqxx::transaction_base& tx, const std::string& document_id,
                                        const std::string& scan_id) {
  return common::db::FirstRowOf(tx.exec_prepared("scan_content", scan_id, document_id),
                                FileFromRow);
}

std::vector<DocumentRecord> ListDocuments(pqxx::transaction_base& tx, const DocumentFilter& filter,
                                          const common::auth::ListScope& scope,
                                          std::optional<int64_t> before_seq, int limit) {
  std::vector<DocumentRecord> out = common::db::RowsOf(
      tx.exec_prepared("document_list", filter.sale_id, before_seq, limit,
                       OrNull(filter.manager_id), scope.all, OrNull(scope.owner_id),
                       OrNull(scope.department_id), filter.client, filter.edition, filter.doc_type,
                       filter.status, filter.issued_from, filter.issued_to),
      DocumentFromRow);
  FillScans(tx, out);
  return out;
}

std::optional<DocumentFile> GetDocumentFile(pqxx::transaction_base& tx, const std::string& id) {
  return common::db::FirstRowOf(tx.exec_prepared("document_content", id), FileFromRow);
}

std::optional<EdoSource> GetEdoSource(pqxx::transaction_base& tx, const std::string& id) {
  return common::db::FirstRowOf(tx.exec_prepared("document_edo_source", id), [](const Row& row) {
    EdoSource source;
    source.doc_type = row.Text("doc_type");
    source.upd_status = row.Int32("upd_status");
    source.issuer_id = row.Text("issuer_id");
    source.snapshot = row.Text("snapshot");
    source.manager = row.Text("manager");
    source.act_number = row.OptionalText("act_number");
    if (source.act_number) {
      source.shipment_type = row.Text("shipment_type");
      source.act_date = row.Text("act_date");
    }
    return source;
  });
}

void SetEmployeeDepartment(pqxx::transaction_base& tx, const std::string& employee_id,
                           const std::string& department_id,
                           const std::optional<std::string>& event_time) {
  std::optional<std::string> unit;
  if (!department_id.empty()) {
    unit = department_id;
  }
  tx.exec_prepared("employee_set_department", employee_id, OrNull(unit), OrNull(event_time));
}

std::string EmployeeDepartment(pqxx::transaction_base& tx, const std::string& employee_id) {
  auto result = tx.exec_prepared("employee_department", employee_id);
  return result.empty() ? std::string() : Row(result[0]).Text("department_id");
}

}  // namespace crm::documents::store
