// Event payloads as the consumers take them off the bus: every topic the services publish, its
// payload read the way EventRouter reads it (protobuf JSON, common/bus FromJson; binary protobuf
// too), and where a handler's reading of the payload is pure code (accounting's 1C objects and
// export packages, analytics' projection rows) that step as well. A payload is applied, or
// refused as a PoisonEvent or a ValidationError (both dead-letter it at once); nothing else may
// escape, and what parses writes back to the same message. What FromJson's own parser
// (common/json WireJsonParser) reads must be exactly what protobuf's converter reads.
#include <fuzzer/FuzzedDataProvider.h>
#include <google/protobuf/message.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "common/bus/consumer.h"
#include "common/bus/event_time.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/json/wire_json_parser.h"
#include "crm/events/v1/accounting_topics.h"
#include "crm/events/v1/documents_topics.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/events/v1/registry_topics.h"
#include "services/accounting/domain/enterprise_data.h"
#include "services/accounting/domain/export_package.h"
#include "services/analytics/domain/market.h"
#include "services/analytics/domain/money.h"
#include "services/analytics/domain/projection.h"
#include "services/analytics/domain/rating_report.h"
#include "services/analytics/domain/team_report.h"

namespace {

namespace ev = crm::events::v1;
namespace accounting = crm::accounting::domain;
namespace analytics = crm::analytics::domain;
using crm::common::bus::Topic;
using crm::common::bus::TopicInfo;

using PureStep = std::function<void(const google::protobuf::Message&, const std::string&)>;

// The pure steps of the handlers, by subject; `time` is the event's ce-time as EventTimeOf reads
// it ("" when unreadable).
class PureSteps {
 public:
  template <class Payload>
  PureSteps& On(
      const Topic<Payload>& topic,
      std::type_identity_t<std::function<void(const Payload&, const std::string&)>> step) {
    steps_[std::string(topic.subject)] = [step = std::move(step)](
                                             const google::protobuf::Message& message,
                                             const std::string& time) {
      step(dynamic_cast<const Payload&>(message), time);
    };
    return *this;
  }
  const PureStep* Find(const std::string& subject) const {
    const auto found = steps_.find(subject);
    return found == steps_.end() ? nullptr : &found->second;
  }

 private:
  std::map<std::string, PureStep> steps_;
};

PureSteps MakePureSteps() {
  PureSteps steps;
  // accounting (events/handlers.cpp): the package for 1C of an issued or annulled document.
  steps.On(ev::kDocumentIssued, [](const ev::DocumentIssued& e, const std::string&) {
    accounting::BuildExportPackage(e, "event-id");
    accounting::ObjectsOfIssued(e);
    analytics::InvoiceRowOf(e);
  });
  steps.On(ev::kDocumentAnnulled, [](const ev::DocumentAnnulled& e, const std::string&) {
    accounting::BuildAnnulmentPackage(e, "event-id");
    accounting::ObjectsOfAnnulled(e);
    analytics::AnnulledInvoiceOf(e);
  });
  // analytics (events/*_handlers.cpp): the projection's rows.
  steps.On(ev::kPaymentReceived,
           [](const ev::PaymentReceived& e, const std::string&) { analytics::PaymentSharesOf(e); });
  steps.On(ev::kPaymentMatched, [](const ev::PaymentMatched& e, const std::string& time) {
    analytics::PaymentSharesOf(e, time);
  });
  steps.On(ev::kPaymentUnmatched, [](const ev::PaymentUnmatched& e, const std::string& time) {
    analytics::PaymentUnmatchOf(e, time);
  });
  const auto sale = [](const ev::SaleRecorded& s, const std::string& time) {
    if (!analytics::SaleRowOf(s, time).edition.empty()) {
      analytics::EditionRowOf(s.edition(), "edition", "", "");
    }
  };
  steps.On(ev::kSaleRecorded, sale);
  steps.On(ev::kSaleAmended,
           [sale](const ev::SaleAmended& e, const std::string& time) { sale(e.sale(), time); });
  steps.On(ev::kSaleCancelled,
           [sale](const ev::SaleCancelled& e, const std::string& time) { sale(e.sale(), time); });
  steps.On(ev::kEmployeeCreated,
           [](const ev::EmployeeCreated& e, const std::string&) { analytics::ManagerRowOf(e); });
  steps.On(ev::kEmployeeUpdated, [](const ev::EmployeeUpdated& e, const std::string& time) {
    analytics::MembershipRowOf(e, time);
  });
  steps.On(ev::kContactPlanned, [](const ev::ContactPlanned& e, const std::string& time) {
    analytics::PlannedContactRow(e, time);
  });
  steps.On(ev::kContactUpdated, [](const ev::ContactUpdated& e, const std::string& time) {
    analytics::UpdatedContactRow(e, time);
  });
  steps.On(ev::kContactReassigned, [](const ev::ContactReassigned& e, const std::string& time) {
    analytics::ReassignedContactRow(e, time);
  });
  steps.On(ev::kContactCancelled, [](const ev::ContactCancelled& e, const std::string& time) {
    analytics::CancelledContactRow(e, time);
  });
  steps.On(ev::kContactCompleted, [](const ev::ContactCompleted& e, const std::string&) {
    analytics::CompletedContactRow(e);
    analytics::ResultKindOf(e);
  });
  steps.On(ev::kEditionCreated, [](const ev::EditionCreated& e, const std::string& time) {
    analytics::EditionRowOf(e.edition(), "edition", "", time);
  });
  steps.On(ev::kEditionUpdated, [](const ev::EditionUpdated& e, const std::string& time) {
    analytics::EditionRowOf(e.edition(), "edition", e.status(), time);
  });
  steps.On(ev::kReadinessChanged,
           [](const ev::ReadinessChanged& e, const std::string&) { analytics::ReadinessRowOf(e); });
  steps.On(ev::kDepartmentCreated, [](const ev::DepartmentCreated& e, const std::string& time) {
    analytics::DepartmentRowOf(e.department(), time);
  });
  steps.On(ev::kDepartmentUpdated, [](const ev::DepartmentUpdated& e, const std::string& time) {
    analytics::DepartmentRowOf(e.department(), time);
  });
  steps.On(ev::kDepartmentDeleted, [](const ev::DepartmentDeleted& e, const std::string& time) {
    ev::DepartmentSnapshot snapshot;
    snapshot.set_department(e.department());
    analytics::DepartmentRowOf(snapshot, time);
  });
  steps.On(ev::kClientCreated, [](const ev::ClientCreated& e, const std::string& time) {
    analytics::ClientRowOf(e.client(), "client", time);
  });
  steps.On(ev::kClientUpdated, [](const ev::ClientUpdated& e, const std::string&) {
    analytics::ClientRowOf(e.client(), "client", "");
  });
  steps.On(ev::kClientMerged, [](const ev::ClientMerged& e, const std::string&) {
    crm::common::bus::ResourceIdOrPoison(e.survivor(), "clients", "survivor");
  });
  steps.On(ev::kParticipationRecorded, [](const ev::ParticipationRecorded& e, const std::string&) {
    analytics::ParticipationRowOf(e.participation());
  });
  steps.On(ev::kParticipationUpdated, [](const ev::ParticipationUpdated& e, const std::string&) {
    analytics::ParticipationRowOf(e.participation());
  });
  steps.On(ev::kCompetitorExhibitionCreated,
           [](const ev::CompetitorExhibitionCreated& e, const std::string&) {
             analytics::CompetitorRowOf(e.competitor_exhibition());
           });
  steps.On(ev::kProjectTeamMemberSet,
           [](const ev::ProjectTeamMemberSet& e, const std::string& time) {
             analytics::TeamMemberRowOf(e.member(), false, time);
           });
  steps.On(ev::kProjectTeamMemberRemoved,
           [](const ev::ProjectTeamMemberRemoved& e, const std::string& time) {
             analytics::TeamMemberRowOf(e.member(), true, time);
           });
  steps.On(ev::kRatingRecorded,
           [](const ev::RatingRecorded& e, const std::string&) { analytics::RatingRowOf(e); });
  return steps;
}

std::vector<TopicInfo> AllTopics() {
  std::vector<TopicInfo> topics;
  for (std::span<const TopicInfo> list : {std::span<const TopicInfo>(ev::kRegistryTopics),
                                          std::span<const TopicInfo>(ev::kPlanningTopics),
                                          std::span<const TopicInfo>(ev::kDocumentsTopics),
                                          std::span<const TopicInfo>(ev::kAccountingTopics)}) {
    topics.insert(topics.end(), list.begin(), list.end());
  }
  return topics;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  // Binary payloads with bad UTF-8 are refused as they should be, each with a log line.
  static const bool quiet = (google::protobuf::SetLogHandler(nullptr), true);
  static_cast<void>(quiet);
  static const std::vector<TopicInfo> topics = AllTopics();
  static const PureSteps steps = MakePureSteps();
  FuzzedDataProvider input(data, size);
  const TopicInfo& topic = topics[input.ConsumeIntegralInRange<std::size_t>(0, topics.size() - 1)];
  const bool binary = input.ConsumeBool();
  crm::common::bus::InboundEvent event;
  event.subject = std::string(topic.subject);
  event.time = input.ConsumeRandomLengthString(40);
  event.data = input.ConsumeRemainingBytesAsString();

  const google::protobuf::Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(topic.descriptor());
  std::unique_ptr<google::protobuf::Message> payload(prototype->New());
  try {
    if (binary) {
      if (!payload->ParseFromString(event.data)) {
        return 0;
      }
    } else {
      crm::common::bus::FromJson(event.data, payload.get());
    }
  } catch (const std::invalid_argument&) {
    return 0;  // EventRouter makes it a PoisonEvent
  }
  if (!binary) {
    // What the shared parser reads (FromJson's first step), the converter reads the same.
    static const crm::common::WireJsonParser parser;
    std::string wire;
    std::unique_ptr<google::protobuf::Message> fast(prototype->New());
    if (parser.Parse(topic.descriptor(), event.data, &wire) && fast->ParseFromString(wire)) {
      std::unique_ptr<google::protobuf::Message> reference(prototype->New());
      google::protobuf::util::JsonParseOptions options;
      options.ignore_unknown_fields = true;
      if (!google::protobuf::util::JsonStringToMessage(event.data, reference.get(), options).ok() ||
          !google::protobuf::util::MessageDifferencer::Equals(*fast, *reference)) {
        std::abort();
      }
    }
    // What a consumer parsed, written as a producer writes it, reads back the same.
    std::unique_ptr<google::protobuf::Message> again(prototype->New());
    crm::common::bus::FromJson(crm::common::bus::ToJson(*payload), again.get());
    if (!google::protobuf::util::MessageDifferencer::Equals(*payload, *again)) {
      std::abort();
    }
  }
  if (const PureStep* step = steps.Find(event.subject)) {
    try {
      (*step)(*payload, crm::common::bus::EventTimeOf(event).value_or(""));
    } catch (const crm::common::ValidationError&) {
    } catch (const crm::common::bus::PoisonEvent&) {
    }
  }
  return 0;
}
