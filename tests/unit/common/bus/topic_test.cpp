#include "common/bus/topic.h"

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <set>
#include <span>
#include <string>

#include "crm/events/v1/accounting_topics.h"
#include "crm/events/v1/documents_topics.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/events/v1/registry_topics.h"

namespace crm::common::bus {
namespace {

namespace ev = crm::events::v1;

// A malformed subject is refused where a topic is declared, at compile time.
static_assert(IsTopicSubject("crm.planning.sale.recorded"));
static_assert(IsTopicSubject("crm.registry.group.members_changed_by_filter"));
static_assert(!IsTopicSubject("crm.planning.sale"));
static_assert(!IsTopicSubject("crm.planning.sale.recorded.v1"));
static_assert(!IsTopicSubject("planning.sale.recorded.x"));
static_assert(!IsTopicSubject("crm.planning..recorded"));
static_assert(!IsTopicSubject("crm.planning.sale."));
static_assert(!IsTopicSubject("crm.Planning.sale.recorded"));
static_assert(!IsTopicSubject("crm.planning.sale.>"));
static_assert(ev::kSaleRecorded.service() == "planning");
static_assert(ev::kMailingExportReturnedMailMarked.service() == "registry");

TEST(Topic, TheSourceServiceIsTheSubjectsSecondPart) {
  EXPECT_EQ(ev::kClientCreated.service(), "registry");
  EXPECT_EQ(ev::kDocumentIssued.service(), "documents");
  EXPECT_EQ(ev::kExportCompleted.service(), "accounting");
}

TEST(Topic, InfoCarriesTheSubjectAndThePayloadDescriptor) {
  const TopicInfo info = InfoOf(ev::kSaleAmended);
  EXPECT_EQ(info.subject, "crm.planning.sale.amended");
  EXPECT_EQ(info.descriptor()->full_name(), "crm.events.v1.SaleAmended");
}

// Each service's list holds its own topics only, every subject once, each payload an event
// message of crm.events.v1.
TEST(Topic, TheListsHoldEachServicesTopicsOnce) {
  const std::pair<std::string, std::span<const TopicInfo>> lists[] = {
      {"registry", ev::kRegistryTopics},
      {"planning", ev::kPlanningTopics},
      {"documents", ev::kDocumentsTopics},
      {"accounting", ev::kAccountingTopics}};
  std::set<std::string> subjects;
  for (const auto& [service, list] : lists) {
    EXPECT_FALSE(list.empty()) << service;
    for (const TopicInfo& topic : list) {
      const std::string subject(topic.subject);
      EXPECT_TRUE(subjects.insert(subject).second) << subject << " is listed twice";
      EXPECT_TRUE(subject.starts_with("crm." + service + ".")) << subject << " in " << service;
      EXPECT_EQ(topic.descriptor()->file()->package(), "crm.events.v1") << subject;
    }
  }
}

}  // namespace
}  // namespace crm::common::bus
