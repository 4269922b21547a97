#include "services/documents/app/document_templates.h"

#include <optional>

#include "common/api/enum_text.h"
#include "common/api/etag.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "services/documents/domain/sale_package.h"
#include "services/documents/domain/text_blocks.h"
#include "services/documents/render/sample_invoice.h"
#include "services/documents/store/document_store.h"
#include "services/documents/store/template_store.h"

namespace crm::documents::app {
namespace {

store::TemplateRecord FoundTemplate(pqxx::transaction_base& tx, const std::string& issuer_id,
                                    const std::string& template_id, const std::string& name) {
  return common::api::Found(store::GetTemplate(tx, issuer_id, template_id), name);
}

std::string SampleTitle(v1::DocumentType type) {
  switch (type) {
    case v1::DOCUMENT_TYPE_ACT:
      return "Акт об оказании услуг";
    case v1::DOCUMENT_TYPE_VAT_INVOICE:
    case v1::DOCUMENT_TYPE_ADVANCE_VAT_INVOICE:
    case v1::DOCUMENT_TYPE_CORRECTIVE_VAT_INVOICE:
      return "Счёт-фактура";
    case v1::DOCUMENT_TYPE_UPD:
      return "Универсальный передаточный документ";
    default:
      return "Документ";
  }
}

// The sample sale's document of `type` from `issuer`: what a preview lays the text out on.
DocumentView SampleDocument(v1::DocumentType type, const v1::Issuer& issuer) {
  const std::string kind = common::api::EnumText<v1::DocumentType>::Of(type);
  for (const std::string& package_kind : PackageKinds()) {
    if (kind == package_kind) {
      return SamplePackageView(kind, issuer);  // laid out as the real kind is
    }
  }
  DocumentView view = SampleInvoice();
  view.supplier = {issuer.legal_name(), issuer.inn(), issuer.kpp(), issuer.address()};
  view.supplier_bank = {issuer.bank_name(), issuer.bik(), issuer.settlement_account(),
                        issuer.correspondent_account()};
  view.director = issuer.director();
  view.chief_accountant = issuer.chief_accountant();
  if (type != v1::DOCUMENT_TYPE_INVOICE) {
    // Not paid by it: no bank grid, no QR code, no payment terms.
    view.title = SampleTitle(type);
    view.supplier_label = "Исполнитель:";
    view.buyer_label = "Заказчик:";
    view.bank_block = false;
    view.payment_qr.clear();
    view.payment_terms.clear();
    view.signatures = {{"Исполнитель", issuer.director()}, {"Заказчик", ""}};
    view.stamp_places = true;
  }
  return view;
}

}  // namespace

v1::DocumentTemplate CreateDocumentTemplate(common::db::Pool& pool,
                                            const common::api::IdempotencyKey& key,
                                            const std::string& issuer_id,
                                            const v1::DocumentTemplate& document,
                                            const std::string& created_by) {
  const std::string doc_type = common::api::EnumText<v1::DocumentType>::Of(document.type());
  return common::api::CreateOnce(
      pool, key,
      [&](pqxx::work& tx) {
        if (!store::FindIssuer(tx, issuer_id)) {
          throw common::NotFoundError(common::ResourceName("issuers", issuer_id));
        }
        store::LockTemplateKind(tx, issuer_id, doc_type);
        return store::InsertTemplate(tx, common::NewUuid(), issuer_id, doc_type,
                                     document.statement(), created_by)
            .document;
      },
      [&](pqxx::transaction_base& tx, const std::string& name) {
        const auto ids = common::ParseChildResourceId(name, "issuers", "documentTemplates");
        return FoundTemplate(tx, ids.value().first, ids.value().second, name).document;
      });
}

std::string PreviewDocumentTemplate(common::db::Pool& pool, const std::string& issuer_id,
                                    const std::string& template_id, const std::string& name) {
  DocumentView view = pool.Read([&](pqxx::read_transaction& tx) {
    const store::TemplateRecord found = FoundTemplate(tx, issuer_id, template_id, name);
    const std::optional<store::IssuerRecord> issuer = store::FindIssuer(tx, issuer_id);
    DocumentView sample = SampleDocument(found.document.type(), issuer.value().issuer);
    sample.statement = RenderTemplate(found.document.statement(), sample);
    return sample;
  });
  return RenderDocumentPdf(view);
}

v1::DocumentTemplate ActivateDocumentTemplate(common::db::Pool& pool, const std::string& issuer_id,
                                              const std::string& template_id,
                                              const std::string& name, const std::string& etag,
                                              const std::string& activated_by) {
  return pool.InTransaction([&](pqxx::work& tx) {
    const store::TemplateRecord before = FoundTemplate(tx, issuer_id, template_id, name);
    store::LockTemplateKind(tx, issuer_id, before.doc_type);
    const store::TemplateRecord locked = FoundTemplate(tx, issuer_id, template_id, name);
    common::api::CheckEtag(name, locked.document.etag(), etag);
    if (locked.document.state() == v1::DOCUMENT_TEMPLATE_STATE_ACTIVE) {
      return locked.document;
    }
    store::ActivateTemplate(tx, issuer_id, locked.doc_type, template_id, activated_by);
    common::log::Info("document template activated",
                      {{"template", name}, {"type", locked.doc_type}, {"by", activated_by}});
    return FoundTemplate(tx, issuer_id, template_id, name).document;
  });
}

std::string ApplyActiveTemplate(pqxx::transaction_base& tx, const std::string& issuer_id,
                                const std::string& doc_type, DocumentView& view) {
  const std::optional<store::TemplateRecord> active =
      store::ActiveTemplate(tx, issuer_id, doc_type);
  if (!active) {
    return "";
  }
  view.statement = RenderTemplate(active->document.statement(), view);
  return active->id;
}

}  // namespace crm::documents::app
