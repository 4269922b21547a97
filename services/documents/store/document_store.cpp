#include "services/documents/store/document_store.h"

#include <google/protobuf/util/time_util.h>

#include <cstdio>
#include <stdexcept>

#include "common/auth/access.h"
#include "common/core/ids.h"
#include "common/db/pool.h"

namespace crm::documents::store {
namespace {

using common::db::OrNull;

// Reads the columns of CRM_DOCUMENTS_ISSUER_COLUMNS (store/queries.h).
IssuerRecord IssuerFromRow(const pqxx::row& row) {
  IssuerRecord record;
  record.id = row[0].c_str();
  v1::Issuer& issuer = record.issuer;
  issuer.set_name(common::ResourceName("issuers", record.id));
  issuer.set_legal_name(row[1].c_str());
  issuer.set_inn(row[2].c_str());
  issuer.set_kpp(row[3].c_str());
  issuer.set_ogrn(row[4].c_str());
  issuer.set_address(row[5].c_str());
  issuer.set_bank_name(row[6].c_str());
  issuer.set_bik(row[7].c_str());
  issuer.set_settlement_account(row[8].c_str());
  issuer.set_correspondent_account(row[9].c_str());
  issuer.set_director(row[10].c_str());
  issuer.set_chief_accountant(row[11].c_str());
  issuer.set_primary(row[12].as<bool>());
  record.seq = row[13].as<int64_t>();
  return record;
}

std::optional<IssuerRecord> OptionalIssuer(const pqxx::result& result) {
  if (result.empty()) {
    return std::nullopt;
  }
  return IssuerFromRow(result[0]);
}

common::v1::Money MoneyOf(const std::string& currency, int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code(currency);
  money.set_minor_units(minor_units);
  return money;
}

v1::DocumentType DocumentTypeOf(const std::string& stored) {
  return stored == "INVOICE" ? v1::DOCUMENT_TYPE_INVOICE : v1::DOCUMENT_TYPE_UNSPECIFIED;
}

v1::DocumentStatus DocumentStatusOf(const std::string& stored) {
  if (stored == "ISSUED") {
    return v1::DOCUMENT_STATUS_ISSUED;
  }
  if (stored == "REPLACED") {
    return v1::DOCUMENT_STATUS_REPLACED;
  }
  return stored == "ANNULLED" ? v1::DOCUMENT_STATUS_ANNULLED : v1::DOCUMENT_STATUS_UNSPECIFIED;
}

// Reads the columns of CRM_DOCUMENTS_DOCUMENT_COLUMNS (store/queries.h).
DocumentRecord DocumentFromRow(const pqxx::row& row) {
  DocumentRecord record;
  v1::Document& d = record.document;
  d.set_name(common::ResourceName("documents", row[0].c_str()));
  d.set_type(DocumentTypeOf(row[1].c_str()));
  d.set_sequence_number(row[2].as<int64_t>());
  d.set_number(row[3].c_str());
  int year = 0;
  int month = 0;
  int day = 0;
  if (std::sscanf(row[4].c_str(), "%d-%d-%d", &year, &month, &day) != 3) {
    throw std::runtime_error(std::string("unexpected issue_date ") + row[4].c_str());
  }
  d.mutable_issue_date()->set_year(year);
  d.mutable_issue_date()->set_month(month);
  d.mutable_issue_date()->set_day(day);
  d.set_issuer(common::ResourceName("issuers", row[5].c_str()));
  d.set_sale(common::ResourceName("sales", row[6].c_str()));
  d.set_client(row[7].c_str());
  d.set_client_legal_name(row[8].c_str());
  const std::string currency = row[9].c_str();
  *d.mutable_net_amount() = MoneyOf(currency, row[10].as<int64_t>());
  d.set_vat_rate_bp(row[11].as<int32_t>());
  *d.mutable_vat_amount() = MoneyOf(currency, row[12].as<int64_t>());
  *d.mutable_total_amount() = MoneyOf(currency, row[13].as<int64_t>());
  d.set_total_in_words(row[14].c_str());
  d.set_file_name(row[15].c_str());
  *d.mutable_create_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(row[16].as<int64_t>());
  record.seq = row[17].as<int64_t>();
  d.set_manager(row[18].c_str());
  d.set_status(DocumentStatusOf(row[19].c_str()));
  if (row[20].size() > 0) {
    d.set_replaced_by(common::ResourceName("documents", row[20].c_str()));
  }
  if (row[21].size() > 0) {
    d.set_replaces(common::ResourceName("documents", row[21].c_str()));
  }
  d.set_annulment_reason(row[22].c_str());
  if (!row[23].is_null()) {
    *d.mutable_annul_time() =
        google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(row[23].as<int64_t>());
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
  return std::string(result[0][0].c_str());
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
      issuer.correspondent_account(), issuer.director(), issuer.chief_accountant(), primary);
  return IssuerFromRow(result[0]);
}

std::vector<IssuerRecord> ListIssuers(pqxx::transaction_base& tx, int64_t after_seq, int limit) {
  std::vector<IssuerRecord> out;
  for (const auto& row : tx.exec_prepared("issuer_list", after_seq, limit)) {
    out.push_back(IssuerFromRow(row));
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
  return std::string(result[0][0].c_str());
}

std::optional<CurrentDocument> CurrentDocumentOfSale(pqxx::transaction_base& tx,
                                                     const std::string& sale_id,
                                                     const std::string& doc_type,
                                                     const std::string& as_of) {
  auto result = tx.exec_prepared("document_current_of_sale", sale_id, doc_type, as_of);
  if (result.empty()) {
    return std::nullopt;
  }
  return CurrentDocument{result[0][0].c_str(), result[0][1].c_str(), result[0][2].c_str(),
                         result[0][3].as<bool>()};
}

void MarkReplaced(pqxx::work& tx, const std::string& id, const std::string& replacement_id) {
  tx.exec_prepared("document_mark_replaced", id, replacement_id);
}

void MarkAnnulled(pqxx::work& tx, const std::string& id, const std::string& reason,
                  const std::string& annul_time) {
  tx.exec_prepared("document_mark_annulled", id, reason, annul_time);
}

int64_t NextNumber(pqxx::work& tx, const std::string& issuer_id, const std::string& doc_type,
                   int year) {
  return tx.exec_prepared("counter_next", issuer_id, doc_type, year)[0][0].as<int64_t>();
}

void InsertDocument(pqxx::work& tx, const NewDocument& d) {
  tx.exec_prepared("document_insert", d.id, d.doc_type, d.issuer_id, d.year, d.sequence_number,
                   d.number, d.issue_date, d.sale_id, d.client, d.client_legal_name,
                   d.edition_display_name, d.currency_code, d.net_amount, d.vat_rate_bp,
                   d.vat_amount, d.total_amount, d.total_in_words, d.file_name, d.content_type,
                   pqxx::binarystring(d.content), d.sha256, d.snapshot_json, d.source_event_id,
                   d.manager, d.replaces, d.sale_as_of,
                   OrNull(common::auth::EmployeeIdOf(d.manager)));
}

std::optional<DocumentRecord> GetDocument(pqxx::transaction_base& tx, const std::string& id) {
  auto result = tx.exec_prepared("document_get", id);
  if (result.empty()) {
    return std::nullopt;
  }
  return DocumentFromRow(result[0]);
}

std::vector<DocumentRecord> ListDocuments(pqxx::transaction_base& tx, const std::string& sale_id,
                                          const std::optional<std::string>& manager_id,
                                          const common::auth::ListScope& scope,
                                          std::optional<int64_t> before_seq, int limit) {
  std::vector<DocumentRecord> out;
  for (const auto& row :
       tx.exec_prepared("document_list", sale_id, before_seq, limit, OrNull(manager_id), scope.all,
                        OrNull(scope.owner_id), OrNull(scope.department_id))) {
    out.push_back(DocumentFromRow(row));
  }
  return out;
}

std::optional<DocumentFile> GetDocumentFile(pqxx::transaction_base& tx, const std::string& id) {
  auto result = tx.exec_prepared("document_content", id);
  if (result.empty()) {
    return std::nullopt;
  }
  const pqxx::binarystring content(result[0][2]);
  return DocumentFile{result[0][0].c_str(), result[0][1].c_str(), content.str(),
                      result[0][3].c_str()};
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
  return result.empty() ? std::string() : std::string(result[0][0].c_str());
}

}  // namespace crm::documents::store
