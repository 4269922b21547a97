#include "services/documents/app/update_issuer.h"

#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/util/field_mask_util.h>

#include <optional>

#include "common/api/etag.h"
#include "common/api/idempotency.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "services/documents/domain/issuer_rules.h"
#include "services/documents/store/document_store.h"

namespace crm::documents::app {

const std::vector<std::string_view>& UpdatableIssuerFields() {
  static const std::vector<std::string_view> kFields = {"legal_name",
                                                        "kpp",
                                                        "address",
                                                        "bank_name",
                                                        "bik",
                                                        "settlement_account",
                                                        "correspondent_account",
                                                        "director",
                                                        "director_position",
                                                        "director_basis",
                                                        "director_genitive",
                                                        "director_position_genitive",
                                                        "chief_accountant",
                                                        "chief_accountant_basis",
                                                        "payment_term_days",
                                                        "primary",
                                                        "closing_documents",
                                                        "edo_participant_id",
                                                        "draft_kinds"};
  return kFields;
}

v1::Issuer UpdateIssuer(common::db::Pool& pool, const std::string& id, const std::string& name,
                        const v1::Issuer& given, const std::vector<std::string>& paths) {
  google::protobuf::FieldMask mask;
  for (const std::string& path : paths) {
    mask.add_paths(path);
  }
  return pool.InTransaction([&](pqxx::work& tx) {
    // Primary marks change together across issuers, as when one is created.
    store::LockIssuers(tx);
    const store::IssuerRecord current = common::api::Found(store::LockIssuer(tx, id), name);
    common::api::CheckEtag(name, current.issuer.etag(), given.etag());
    v1::Issuer merged = current.issuer;
    // A repeated field in the mask (draft_kinds) is set to the given list, not appended to.
    google::protobuf::util::FieldMaskUtil::MergeOptions options;
    options.set_replace_repeated_fields(true);
    google::protobuf::util::FieldMaskUtil::MergeMessageTo(given, mask, options, &merged);
    NormalizeIssuer(&merged);
    common::Violations violations;
    CheckIssuer(violations, merged);
    if (current.issuer.primary() && !merged.primary()) {
      violations.Add("issuer.primary",
                     "the primary issuer stays primary until another issuer is marked primary");
    }
    violations.ThrowIfAny();
    if (auto duplicate = store::IssuerIdByRequisites(tx, merged, id)) {
      throw common::AlreadyExistsError("another issuer has this INN, KPP and bank account",
                                       common::ResourceName("issuers", *duplicate));
    }
    if (merged.primary() && !current.issuer.primary()) {
      store::UnmarkPrimaryIssuer(tx);
    }
    if (merged.payment_term_days() == 0) {
      merged.set_payment_term_days(kDefaultPaymentTermDays);
    }
    v1::Issuer updated = store::UpdateIssuer(tx, id, merged).issuer;
    common::log::Info("issuer updated", {{"issuer", name}, {"fields", paths.size()}});
    return updated;
  });
}

}  // namespace crm::documents::app
