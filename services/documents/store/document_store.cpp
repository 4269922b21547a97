#include "services/documents/store/document_store.h"

#include <cstdio>
#include <stdexcept>

#include "common/api/date.h"
#include "common/api/enum_text.h"
#include "common/auth/access.h"
#include "common/core/ids.h"
#include "common/db/money.h"
#include "common/db/row.h"
#include "services/documents/domain/issuer_rules.h"

namespace crm::documents::store {
namespace {

using common::db::MoneyOf;
using common::db::OrNull;
using common::db::Row;

// A row of issuer_get, issuer_primary, issuer_insert, issuer_list (store/sql/issuers.sql).
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
  record.seq = row.Int64("seq");
  return record;
}

std::optional<IssuerRecord> OptionalIssuer(const pqxx::result& result) {
  if (result.empty()) {
    return std::nullopt;
  }
  return IssuerFromRow(Row(result[0]));
}

// The stored text of a document's type and status: "INVOICE", "ANNULLED".
using DocumentTypeText = common::api::EnumText<v1::DocumentType>;
using DocumentStatusText = common::api::EnumText<v1::DocumentStatus>;

// A row of document_get and document_list (store/sql/documents.sql).
DocumentRecord DocumentFromRow(const Row& row) {
  DocumentRecord record;
  v1::Document& d = record.document;
  d.set_name(common::ResourceName("documents", row.Text("id")));
  d.set_type(DocumentTypeText::Parse(row.Text("doc_type")));
  d.set_sequence_number(row.Int64("sequence_number"));
  d.set_number(row.Text("number"));
  const std::string issue_date = row.Text("issue_date");
  int year = 0;
  int month = 0;
  int day = 0;
  if (std::sscanf(issue_date.c_str(), "%d-%d-%d", &year, &month, &day) != 3) {
    throw std::runtime_error("unexpected issue_date " + issue_date);
  }
  d.mutable_issue_date()->set_year(year);
  d.mutable_issue_date()->set_month(month);
  d.mutable_issue_date()->set_day(day);
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
  if (auto due = row.OptionalText("payment_due_date")) {
    const auto date = common::api::ParseIsoDate(*due);
    if (!date) {
      throw std::runtime_error("unexpected payment_due_date " + *due);
    }
    *d.mutable_payment_due_date() = common::api::ProtoDate(*date);
  }
  return record;
}

}  // namespace

void LockIssuers(pqxx::work& tx) { tx.exec_prepared("issuers_lock"); }

std::optional<IssuerRecord> FindIssuer(pqxx::transaction_base& tx, const std::string& id) {
  return OptionalIssuer(tx.exec_prepared("issuer_get", id));
}

std::optional<std::string> IssuerIdByRequisites(pqxx::transaction_base& tx,
                                                const v1::Issuer& issuer) {
  auto result = tx.exec_prepared("issuer_by_requisites", issuer.inn(), issuer.kpp(), issuer.bik(),
                                 issuer.settlement_account());
  if (result.empty()) {
    return std::nullopt;
  }
  return Row(result[0]).Text("id");
}

std::optional<IssuerRecord> PrimaryIssuer(pqxx::transaction_base& tx) {
  return OptionalIssuer(tx.exec_prepared("issuer_primary"));
}

void UnmarkPrimaryIssuer(pqxx::work& tx) { tx.exec_prepared("issuer_unmark_primary"); }

IssuerRecord InsertIssuer(pqxx::work& tx, const std::string& id, const v1::Issuer& issuer,
                          bool primary) {
  auto result = tx.exec_prepared(
      "issuer_insert", id, issuer.legal_name(), issuer.inn(), issuer.kpp(), issuer.ogrn(),
      issuer.address(), issuer.bank_name(), issuer.bik(), issuer.settlement_account(),
      issuer.correspondent_account(), issuer.director(), issuer.chief_accountant(), primary,
      issuer.payment_term_days() > 0 ? issuer.payment_term_days() : kDefaultPaymentTermDays);
  return IssuerFromRow(Row(result[0]));
}

std::vector<IssuerRecord> ListIssuers(pqxx::transaction_base& tx, int64_t after_seq, int limit) {
  std::vector<IssuerRecord> out;
  for (const auto& row : tx.exec_prepared("issuer_list", after_seq, limit)) {
    out.push_back(IssuerFromRow(Row(row)));
  }
  return out;
}

void LockSale(pqxx::work& tx, const std::string& sale_id) {
  tx.exec_prepared("document_lock_sale", sale_id);
}

std::optional<std::string> DocumentIdBySale(pqxx::transaction_base& tx, const std::string& sale_id,
                                            const std::string& doc_type) {
  auto result = tx.exec_prepared("document_id_by_sale", sale_id, doc_type);
  if (result.empty()) {
    return std::nullopt;
  }
  return Row(result[0]).Text("id");
}

std::optional<CurrentDocument> CurrentDocumentOfSale(pqxx::transaction_base& tx,
                                                     const std::string& sale_id,
                                                     const std::string& doc_type,
                                                     const std::string& as_of) {
  auto result = tx.exec_prepared("document_current_of_sale", sale_id, doc_type, as_of);
  if (result.empty()) {
    return std::nullopt;
  }
  const Row row(result[0]);
  return CurrentDocument{row.Text("id"), row.Text("status"), row.Text("number"),
                         row.Bool("up_to_date")};
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
      OrNull(common::auth::EmployeeIdOf(d.manager)), d.edition, d.payment_due_date, d.payment);
}

std::vector<ClosingCandidate> ClosingCandidates(pqxx::transaction_base& tx,
                                                const std::string& edition,
                                                const std::string& sale_id) {
  std::vector<ClosingCandidate> out;
  const pqxx::result rows = tx.exec_prepared("closing_candidates", edition, sale_id);
  out.reserve(rows.size());
  for (const auto& r : rows) {
    const auto row = Row(r);
    out.push_back({row.Text("sale_id"), row.Text("issuer_id"), row.Text("snapshot"),
                   row.Text("manager"), row.Text("sale_as_of"), row.OptionalText("act_snapshot")});
  }
  return out;
}

std::optional<AdvanceBasis> FindAdvanceBasis(pqxx::transaction_base& tx, const std::string& sale_id,
                                             const std::string& payment) {
  const pqxx::result rows = tx.exec_prepared("advance_basis", sale_id, payment);
  if (rows.empty()) {
    return std::nullopt;
  }
  const auto row = Row(rows[0]);
  return AdvanceBasis{row.Text("issuer_id"),         row.Text("snapshot"),   row.Text("manager"),
                      row.Text("edition"),           row.Text("sale_as_of"), row.Bool("has_act"),
                      row.OptionalText("advance_id")};
}

void UpsertEdition(pqxx::transaction_base& tx, const std::string& edition,
                   const std::string& end_date, const std::string& status,
                   const std::optional<std::string>& event_time) {
  tx.exec_prepared("edition_upsert", edition, end_date, status, OrNull(event_time));
}

std::vector<DueEdition> EditionsDueForClosing(pqxx::transaction_base& tx,
                                              const std::string& today) {
  std::vector<DueEdition> out;
  const pqxx::result rows = tx.exec_prepared("editions_due_for_closing", today);
  out.reserve(rows.size());
  for (const auto& r : rows) {
    const auto row = Row(r);
    out.push_back({row.Text("edition"), row.Text("close_date")});
  }
  return out;
}

int64_t EditionDocumentCount(pqxx::transaction_base& tx, const std::string& edition,
                             const std::string& doc_type) {
  return Row(tx.exec_prepared1("edition_document_count", edition, doc_type)).Int64("documents");
}

std::optional<DocumentRecord> GetDocument(pqxx::transaction_base& tx, const std::string& id) {
  auto result = tx.exec_prepared("document_get", id);
  if (result.empty()) {
    return std::nullopt;
  }
  return DocumentFromRow(Row(result[0]));
}

std::vector<DocumentRecord> ListDocuments(pqxx::transaction_base& tx, const DocumentFilter& filter,
                                          const common::auth::ListScope& scope,
                                          std::optional<int64_t> before_seq, int limit) {
  std::vector<DocumentRecord> out;
  for (const auto& row : tx.exec_prepared(
           "document_list", filter.sale_id, before_seq, limit, OrNull(filter.manager_id), scope.all,
           OrNull(scope.owner_id), OrNull(scope.department_id), filter.client, filter.edition,
           filter.doc_type, filter.status, filter.issued_from, filter.issued_to)) {
    out.push_back(DocumentFromRow(Row(row)));
  }
  return out;
}

std::optional<DocumentFile> GetDocumentFile(pqxx::transaction_base& tx, const std::string& id) {
  auto result = tx.exec_prepared("document_content", id);
  if (result.empty()) {
    return std::nullopt;
  }
  const Row row(result[0]);
  return DocumentFile{row.Text("file_name"), row.Text("content_type"), row.Bytes("content"),
                      row.Text("manager")};
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
