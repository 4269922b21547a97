#include "services/registry/app/lead_sources.h"

#include "common/bus/outbox.h"
#include "common/core/log.h"
#include "common/core/text.h"
#include "services/registry/domain/validation.h"
#include "services/registry/events/published.h"
#include "services/registry/store/client_store.h"

namespace crm::registry::app {
namespace {

// One line of at most kNameMaxCharacters characters (whole UTF-8 sequences).
std::string OneLineDetail(const std::string& detail) {
  std::string line;
  line.reserve(detail.size());
  std::size_t characters = 0;
  for (const char c : detail) {
    const bool starts_character = (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    if (starts_character && ++characters > kNameMaxCharacters) {
      break;
    }
    line += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
  }
  return common::Trim(line);
}

}  // namespace

bool ApplyLeadSourceSetting(pqxx::transaction_base& tx, const LeadSourceSetting& setting) {
  auto current = LockClient(tx, setting.client_id);
  if (!current) {
    common::log::Warn("lead source of a client registry does not know: ignored",
                      {{"client", setting.client_id}, {"actor", setting.actor}});
    return false;
  }
  if (!LeadSourceOlderThan(tx, setting.client_id, setting.time)) {
    return false;
  }
  // Planning validated the setting; the rest of the record is written back as it is, so a client
  // entered under older rules never blocks the owner from taking the setting.
  v1::Client target = *current;
  target.set_lead_source_kind(setting.kind);
  target.set_lead_source(OneLineDetail(setting.detail));
  if (current->lead_source_kind() == target.lead_source_kind() &&
      current->lead_source() == target.lead_source()) {
    return false;
  }
  v1::Client updated =
      UpdateClientRecord(tx, setting.client_id, target, setting.actor, setting.time);
  AppendClientHistory(tx, updated, "updated", setting.actor, "");
  common::bus::EnqueueEvent(tx, events::v1::kClientUpdated, updated.name(),
                            ClientUpdatedEvent(updated));
  return true;
}

}  // namespace crm::registry::app
