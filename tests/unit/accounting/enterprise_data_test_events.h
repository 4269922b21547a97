#pragma once

#include <zip.h>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/xml/xml.h"
#include "crm/events/v1/documents_document_events.pb.h"

// The documents the EnterpriseData tests (unit and integration) send through the exchange: one
// shape of DocumentIssued, as documents publishes it.
namespace crm::accounting::exchange_test {

inline crm::common::v1::Money Rub(int64_t kopecks) {
  crm::common::v1::Money money;
  money.set_currency_code("RUB");
  money.set_minor_units(kopecks);
  return money;
}

// Document `id` of `type` numbered `number` for `sale` of `client` (resource names), issued
// 27.11.2026 by ООО «Экспо» to АО «Ромашка» (INN 7736207543): one line of 12.5 m² for
// 148 840.00 ₽ without VAT.
inline crm::events::v1::DocumentIssued ExchangedDocument(const std::string& id,
                                                         const std::string& type,
                                                         const std::string& number,
                                                         const std::string& sale,
                                                         const std::string& client) {
  crm::events::v1::DocumentIssued ev;
  ev.set_document("documents/" + id);
  ev.set_type(type);
  ev.set_number(number);
  auto* date = ev.mutable_issue_date();
  date->set_year(2026);
  date->set_month(11);
  date->set_day(27);
  ev.set_sale(sale);
  ev.set_edition_display_name("Волга-Строй 2027");
  auto* issuer = ev.mutable_issuer();
  issuer->set_issuer("issuers/11111111-2222-4333-8444-555555555555");
  issuer->set_legal_name("ООО «Экспо»");
  issuer->set_inn("6315000001");
  issuer->set_kpp("631501001");
  issuer->set_settlement_account("40702810900000012345");
  issuer->set_bik("043601607");
  auto* buyer = ev.mutable_client();
  buyer->set_client(client);
  buyer->set_legal_name("АО «Ромашка»");
  buyer->set_inn("7736207543");
  buyer->set_kpp("773601001");
  buyer->set_legal_address("Москва, ул. Ленина, 1");
  *ev.mutable_total_amount() = Rub(14884000);
  *ev.mutable_net_amount() = Rub(14884000);
  *ev.mutable_vat_amount() = Rub(0);
  auto* line = ev.add_lines();
  line->set_description("Выставочная площадь");
  line->set_quantity_milli(12500);
  line->set_unit("м²");
  *line->mutable_unit_price() = Rub(1190720);
  *line->mutable_net_amount() = Rub(14884000);
  *line->mutable_vat_amount() = Rub(0);
  *line->mutable_total_amount() = Rub(14884000);
  ev.set_file_name("document.pdf");
  ev.set_sha256(std::string(64, 'a'));
  return ev;
}

// A Справочник.БанковскиеСчета object as 1C reads it.
struct BankAccountObject {
  std::string ref;
  std::string number;
  std::string bik;
  std::string correspondent_account;
  std::string bank_name;
  std::string owner_kind;  // "Контрагент" or "Организация"
  std::string owner_ref;
  std::string owner_inn;
};

// Every element named `name` under `xml` (a whole message or one object's fragment), in order.
inline void ForEachElement(const std::string& xml, std::string_view name,
                           const std::function<void(const xmlNode*)>& visit) {
  namespace cx = crm::common::xml;
  const cx::Doc doc = cx::ParseUntrusted(xml, std::size_t{64} << 20);
  std::function<void(const xmlNode*)> walk = [&](const xmlNode* node) {
    if (cx::Name(node) == name) {
      visit(node);
    }
    for (const xmlNode* child : cx::Elements(node)) {
      walk(child);
    }
  };
  walk(xmlDocGetRootElement(doc.get()));
}

// The bank account objects of `xml`, parsed.
inline std::vector<BankAccountObject> BankAccountObjects(const std::string& xml) {
  namespace cx = crm::common::xml;
  std::vector<BankAccountObject> found;
  ForEachElement(xml, "Справочник.БанковскиеСчета", [&found](const xmlNode* object) {
    const xmlNode* keys = cx::Find(object, "КлючевыеСвойства");
    const xmlNode* bank = cx::Find(keys, "Банк");
    const xmlNode* owner = cx::Find(keys, "Владелец");
    const std::vector<const xmlNode*> owners =
        owner == nullptr ? std::vector<const xmlNode*>() : cx::Elements(owner);
    const xmlNode* who = owners.empty() ? nullptr : owners.front();
    found.push_back({cx::Text(cx::Find(keys, "Ссылка")), cx::Text(cx::Find(keys, "НомерСчета")),
                     cx::Text(cx::Find(bank, "БИК")), cx::Text(cx::Find(bank, "КоррСчет")),
                     cx::Text(cx::Find(bank, "Наименование")),
                     who == nullptr ? "" : std::string(cx::Name(who)),
                     cx::Text(cx::Find(who, "Ссылка")), cx::Text(cx::Find(who, "ИНН"))});
  });
  return found;
}

// The Ссылка of every bank account whose deletion `xml` carries.
inline std::vector<std::string> DeletedBankAccountRefs(const std::string& xml) {
  namespace cx = crm::common::xml;
  std::vector<std::string> refs;
  ForEachElement(xml, "СсылкаНаОбъект.Справочник.БанковскиеСчета", [&refs](const xmlNode* ref) {
    refs.push_back(cx::Text(cx::Find(ref, "Ссылка")));
  });
  return refs;
}

// A zip archive (deflated) of `files` (name, content), as 1C compresses its messages.
inline std::string Zip(const std::vector<std::pair<std::string, std::string>>& files) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  zip_error_fini(&error);
  if (archive == nullptr) {
    throw std::runtime_error("cannot create a zip");
  }
  for (const auto& [name, content] : files) {
    zip_source_t* file = zip_source_buffer(archive, content.data(), content.size(), 0);
    zip_file_add(archive, name.c_str(), file, ZIP_FL_OVERWRITE);
  }
  zip_close(archive);
  zip_source_open(buffer);
  zip_source_seek(buffer, 0, SEEK_END);
  const auto size = zip_source_tell(buffer);
  zip_source_seek(buffer, 0, SEEK_SET);
  std::string out(static_cast<std::size_t>(size), '\0');
  zip_source_read(buffer, out.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(buffer);
  zip_source_free(buffer);
  return out;
}

}  // namespace crm::accounting::exchange_test
