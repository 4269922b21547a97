#pragma once

#include "common/bus/topic.h"
#include "crm/events/v1/planning_contact_events.pb.h"
#include "crm/events/v1/planning_lead_source_events.pb.h"
#include "crm/events/v1/planning_rating_events.pb.h"
#include "crm/events/v1/planning_readiness_events.pb.h"
#include "crm/events/v1/planning_redirect_events.pb.h"
#include "crm/events/v1/planning_sale_events.pb.h"
#include "crm/events/v1/planning_stand_events.pb.h"
#include "crm/events/v1/planning_task_events.pb.h"

// Every event planning publishes: its subject and payload (docs/events.md describes each).
namespace crm::events::v1 {

inline constexpr common::bus::Topic<ContactPlanned> kContactPlanned{"crm.planning.contact.planned"};
inline constexpr common::bus::Topic<ContactCompleted> kContactCompleted{
    "crm.planning.contact.completed"};
inline constexpr common::bus::Topic<ContactRescheduled> kContactRescheduled{
    "crm.planning.contact.rescheduled"};
inline constexpr common::bus::Topic<ContactUpdated> kContactUpdated{"crm.planning.contact.updated"};
inline constexpr common::bus::Topic<ContactCancelled> kContactCancelled{
    "crm.planning.contact.cancelled"};
inline constexpr common::bus::Topic<ContactReassigned> kContactReassigned{
    "crm.planning.contact.reassigned"};

inline constexpr common::bus::Topic<SaleRecorded> kSaleRecorded{"crm.planning.sale.recorded"};
inline constexpr common::bus::Topic<SaleAmended> kSaleAmended{"crm.planning.sale.amended"};
inline constexpr common::bus::Topic<SaleCancelled> kSaleCancelled{"crm.planning.sale.cancelled"};

inline constexpr common::bus::Topic<StandHeld> kStandHeld{"crm.planning.stand.held"};
inline constexpr common::bus::Topic<StandSold> kStandSold{"crm.planning.stand.sold"};
inline constexpr common::bus::Topic<StandReleased> kStandReleased{"crm.planning.stand.released"};

inline constexpr common::bus::Topic<TaskReminderDue> kTaskReminderDue{
    "crm.planning.task.reminder_due"};

inline constexpr common::bus::Topic<RedirectCreated> kRedirectCreated{
    "crm.planning.redirect.created"};
inline constexpr common::bus::Topic<RedirectStatusChanged> kRedirectStatusChanged{
    "crm.planning.redirect.status_changed"};
inline constexpr common::bus::Topic<RedirectCompleted> kRedirectCompleted{
    "crm.planning.redirect.completed"};

inline constexpr common::bus::Topic<ReadinessChanged> kReadinessChanged{
    "crm.planning.readiness.changed"};

inline constexpr common::bus::Topic<LeadSourceSet> kLeadSourceSet{"crm.planning.lead_source.set"};

inline constexpr common::bus::Topic<RatingRecorded> kRatingRecorded{"crm.planning.rating.recorded"};

// The list of the topics above, for the AsyncAPI document (tools/asyncapi).
inline constexpr common::bus::TopicInfo kPlanningTopics[] = {
    InfoOf(kContactPlanned),    InfoOf(kContactCompleted), InfoOf(kContactRescheduled),
    InfoOf(kContactUpdated),    InfoOf(kContactCancelled), InfoOf(kContactReassigned),
    InfoOf(kSaleRecorded),      InfoOf(kSaleAmended),      InfoOf(kSaleCancelled),
    InfoOf(kTaskReminderDue),   InfoOf(kRedirectCreated),  InfoOf(kRedirectStatusChanged),
    InfoOf(kRedirectCompleted), InfoOf(kReadinessChanged), InfoOf(kLeadSourceSet),
    InfoOf(kRatingRecorded),    InfoOf(kStandHeld),        InfoOf(kStandSold),
    InfoOf(kStandReleased)};

}  // namespace crm::events::v1
