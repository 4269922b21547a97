#pragma once

#include <pqxx/pqxx>
#include <string>

#include "crm/registry/v1/registry.pb.h"

// Registry owns a client's lead source (Client.lead_source_kind, lead_source). Planning's
// deprecated AssessmentService.SetLeadSource, and planning's one-time hand-over of what it stored
// before, publish crm.planning.lead_source.set; this applies such a setting to the client.
namespace crm::registry::app {

struct LeadSourceSetting {
  std::string client_id;
  v1::LeadSourceKind kind = v1::LEAD_SOURCE_KIND_UNSPECIFIED;
  std::string detail;
  // "employees/{employee}" who set it in planning.
  std::string actor;
  // When it was set (RFC 3339).
  std::string time;
};

// The setting as an edit by its actor, in `tx`: a new version of the client, its history entry and
// client.updated. Nothing happens when the client's lead source was set at or after
// `setting.time` (the later setting stands; a redelivered event changes nothing), when it already
// has these values, or when registry does not know the client. A detail is made one line and cut
// to the client's limit (planning accepted longer ones before registry owned them). Returns
// whether the client changed.
bool ApplyLeadSourceSetting(pqxx::transaction_base& tx, const LeadSourceSetting& setting);

}  // namespace crm::registry::app
