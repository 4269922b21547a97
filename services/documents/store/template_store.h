#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "crm/documents/v1/documents.pb.h"

// SQL of issuers' text-block templates (store/sql/templates.sql). Callers own the transaction.
namespace crm::documents::store {

struct TemplateRecord {
  std::string id;
  std::string issuer_id;
  std::string doc_type;           // "INVOICE", "ACT"
  v1::DocumentTemplate document;  // with `name` and `etag` filled
  int64_t seq = 0;                // the list keyset
};

// Serialises the versions of the issuer's kind (numbering, activation) until commit.
void LockTemplateKind(pqxx::work& tx, const std::string& issuer_id, const std::string& doc_type);
// The next version of the kind, as a draft written by `created_by`.
TemplateRecord InsertTemplate(pqxx::work& tx, const std::string& id, const std::string& issuer_id,
                              const std::string& doc_type, const std::string& statement,
                              const std::string& created_by);
std::optional<TemplateRecord> GetTemplate(pqxx::transaction_base& tx, const std::string& issuer_id,
                                          const std::string& id);
// Newest first; `doc_type` '' for every kind; `before_seq` the previous page's last seq.
std::vector<TemplateRecord> ListTemplates(pqxx::transaction_base& tx, const std::string& issuer_id,
                                          const std::string& doc_type,
                                          std::optional<int64_t> before_seq, int limit);
// The kind's active version becomes RETIRED, and `id` ACTIVE (activated by `by`, now).
void ActivateTemplate(pqxx::work& tx, const std::string& issuer_id, const std::string& doc_type,
                      const std::string& id, const std::string& by);
// The version documents of the issuer's kind are issued with; nullopt for the built-in text.
std::optional<TemplateRecord> ActiveTemplate(pqxx::transaction_base& tx,
                                             const std::string& issuer_id,
                                             const std::string& doc_type);

}  // namespace crm::documents::store
