#include "services/documents/events/published.h"

namespace crm::documents {

events::v1::DocumentAnnulled DocumentAnnulledEvent(const std::string& document,
                                                   const std::string& type,
                                                   const std::string& number,
                                                   const events::v1::SaleCancelled& cancelled) {
  events::v1::DocumentAnnulled annulled;
  annulled.set_document(document);
  annulled.set_type(type);
  annulled.set_number(number);
  annulled.set_sale(cancelled.sale().sale());
  annulled.set_reason(cancelled.reason());
  annulled.set_annulled_by(cancelled.cancelled_by());
  *annulled.mutable_annul_time() = cancelled.cancel_time();
  return annulled;
}

}  // namespace crm::documents
