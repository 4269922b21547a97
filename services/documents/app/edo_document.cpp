#include "services/documents/app/edo_document.h"

#include <ctime>
#include <stdexcept>

#include "common/api/date.h"
#include "common/api/idempotency.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/documents/app/document_access.h"
#include "services/documents/domain/upd.h"
#include "services/documents/store/document_store.h"

namespace crm::documents::app {
namespace {

constexpr char kProgramVersion[] = "Expo CRM documents";
constexpr char kActName[] = "Акт об оказании услуг";
constexpr char kUpdName[] = "Универсальный передаточный документ";

// The local date and time of day now (TZ, as the documents' dates).
void FormedNow(EdoInput& input) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  if (localtime_r(&now, &local) == nullptr) {
    throw std::runtime_error("the local time is not available");
  }
  input.formed_date =
      std::chrono::year_month_day{std::chrono::year{local.tm_year + 1900},
                                  std::chrono::month{static_cast<unsigned>(local.tm_mon + 1)},
                                  std::chrono::day{static_cast<unsigned>(local.tm_mday)}};
  input.formed_time = std::chrono::seconds{local.tm_hour * 3600 + local.tm_min * 60 + local.tm_sec};
}

}  // namespace

EdoFile EdoDocumentFile(common::db::Pool& pool, const common::auth::Principal& caller,
                        const std::string& id, const std::string& recipient_id) {
  const std::string name = common::ResourceName("documents", id);
  EdoInput input;
  pool.Read([&](pqxx::read_transaction& tx) {
    const store::EdoSource source = common::api::Found(store::GetEdoSource(tx, id), name);
    CheckDocumentAccess(tx, caller, source.manager, common::auth::Action::kRead);
    const auto function = EdoFunctionOf(source.doc_type, source.upd_status);
    if (!function) {
      throw common::PreconditionError("EDO_FORMAT_NOT_AVAILABLE",
                                      "the EDO XML format (5.03) is made for VAT invoices and "
                                      "УПД only; " +
                                          name + " is " + source.doc_type,
                                      name);
    }
    auto issuer = store::FindIssuer(tx, source.issuer_id);
    if (!issuer) {
      throw std::runtime_error("the issuer of " + name + " is missing");
    }
    if (issuer->issuer.edo_participant_id().empty()) {
      throw common::PreconditionError(
          "ISSUER_WITHOUT_EDO_ID",
          "the issuer has no EDO participant id (the sender of the file); set its "
          "edo_participant_id with UpdateIssuer",
          issuer->issuer.name());
    }
    input.function = *function;
    input.issuer = issuer->issuer;
    input.sender_id = issuer->issuer.edo_participant_id();
    common::bus::FromJson(source.snapshot, &input.document);
    if (source.act_number) {
      const auto act_date = common::api::ParseIsoDate(source.act_date);
      if (act_date) {
        input.shipment = EdoDocumentRef{source.shipment_type == kUpdType ? kUpdName : kActName,
                                        *source.act_number, *act_date};
      }
    }
  });
  input.recipient_id = recipient_id;
  input.file_guid = common::NewUuid();
  input.program_version = kProgramVersion;
  FormedNow(input);
  return BuildEdoXml(input);
}

}  // namespace crm::documents::app
