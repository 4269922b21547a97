#include "services/documents/store/template_store.h"

#include "common/api/enum_text.h"
#include "common/core/ids.h"
#include "common/db/row.h"
#include "common/db/rows.h"

namespace crm::documents::store {
namespace {

using common::db::FirstRowOf;
using common::db::Row;
using common::db::RowsOf;

// A row of template_insert, template_get, template_list and template_active.
TemplateRecord TemplateFromRow(const Row& row) {
  TemplateRecord record;
  record.id = row.Text("id");
  record.issuer_id = row.Text("issuer_id");
  record.doc_type = row.Text("doc_type");
  record.seq = row.Int64("seq");
  v1::DocumentTemplate& t = record.document;
  t.set_name(common::ResourceName("issuers", record.issuer_id) + "/" +
             common::ResourceName("documentTemplates", record.id));
  t.set_type(common::api::EnumText<v1::DocumentType>::Parse(record.doc_type));
  t.set_version(row.Int32("version"));
  t.set_statement(row.Text("statement"));
  t.set_state(common::api::EnumText<v1::DocumentTemplateState>::Parse(row.Text("state")));
  t.set_etag(row.Text("revision"));
  t.set_created_by(row.Text("created_by"));
  *t.mutable_create_time() = row.TimeFromMicros("create_time_us");
  if (auto by = row.OptionalText("activated_by")) {
    t.set_activated_by(*by);
    *t.mutable_activate_time() = row.TimeFromMicros("activate_time_us");
  }
  return record;
}

}  // namespace

void LockTemplateKind(pqxx::work& tx, const std::string& issuer_id, const std::string& doc_type) {
  tx.exec_prepared("template_lock_kind", issuer_id, doc_type);
}

TemplateRecord InsertTemplate(pqxx::work& tx, const std::string& id, const std::string& issuer_id,
                              const std::string& doc_type, const std::string& statement,
                              const std::string& created_by) {
  return TemplateFromRow(
      Row(tx.exec_prepared1("template_insert", id, issuer_id, doc_type, statement, created_by)));
}

std::optional<TemplateRecord> GetTemplate(pqxx::transaction_base& tx, const std::string& issuer_id,
                                          const std::string& id) {
  return FirstRowOf(tx.exec_prepared("template_get", id, issuer_id), TemplateFromRow);
}

std::vector<TemplateRecord> ListTemplates(pqxx::transaction_base& tx, const std::string& issuer_id,
                                          const std::string& doc_type,
                                          std::optional<int64_t> before_seq, int limit) {
  return RowsOf(tx.exec_prepared("template_list", issuer_id, doc_type, before_seq, limit),
                TemplateFromRow);
}

void ActivateTemplate(pqxx::work& tx, const std::string& issuer_id, const std::string& doc_type,
                      const std::string& id, const std::string& by) {
  tx.exec_prepared("template_retire_active", issuer_id, doc_type);
  tx.exec_prepared("template_activate", id, by);
}

std::optional<TemplateRecord> ActiveTemplate(pqxx::transaction_base& tx,
                                             const std::string& issuer_id,
                                             const std::string& doc_type) {
  return FirstRowOf(tx.exec_prepared("template_active", issuer_id, doc_type), TemplateFromRow);
}

}  // namespace crm::documents::store
