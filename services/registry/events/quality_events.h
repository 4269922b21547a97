#pragma once

#include <string>

#include "crm/events/v1/registry_client_events.pb.h"
#include "crm/registry/v1/quality.pb.h"

// What the base's quality work emits (docs/events.md): subjects and payload builders.
namespace crm::registry {

inline constexpr char kClientVerifiedSubject[] = "crm.registry.client.verified";
inline constexpr char kClientRejectedSubject[] = "crm.registry.client.rejected";
inline constexpr char kClientFlaggedSubject[] = "crm.registry.client.flagged";
inline constexpr char kClientPostalAddressInvalidatedSubject[] =
    "crm.registry.client.postal_address_invalidated";
// Payloads ClientMerged and ClientMergeUndone, consumed by planning.
inline constexpr char kClientMergedSubject[] = "crm.registry.client.merged";
inline constexpr char kClientMergeUndoneSubject[] = "crm.registry.client.merge_undone";

events::v1::ClientFlagged ClientFlaggedEvent(const v1::VerificationItem& item,
                                             const std::string& flagged_by);
events::v1::ClientPostalAddressInvalidated ClientPostalAddressInvalidatedEvent(
    const v1::VerificationItem& item, const std::string& reported_by);

}  // namespace crm::registry
