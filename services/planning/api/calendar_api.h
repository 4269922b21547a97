#pragma once

#include <google/protobuf/timestamp.pb.h>
#include <grpcpp/grpcpp.h>

#include <functional>

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/planning/v1/calendar.grpc.pb.h"
#include "services/planning/api/api_parts.h"

// crm.planning.v1.CalendarService: changes to calendar tasks (planned contacts), the calendar
// views, users' time zones, bulk reassignment and the reminders stream. Access follows
// domain/access.h.
namespace crm::planning {

namespace app {
class ReminderHub;
}  // namespace app

class CalendarApi final : public v1::CalendarService::Service, private ApiParts {
 public:
  using Clock = std::function<google::protobuf::Timestamp()>;

  // `hub` wakes WatchReminders streams when reminders are dispatched; without one the streams
  // poll the database every half second.
  CalendarApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool, Clock clock,
              app::ReminderHub* hub = nullptr);

  grpc::Status UpdateContact(grpc::ServerContext* context, const v1::UpdateContactRequest* request,
                             v1::Contact* response) override;
  grpc::Status CancelContact(grpc::ServerContext* context, const v1::CancelContactRequest* request,
                             v1::Contact* response) override;
  grpc::Status ListCalendar(grpc::ServerContext* context, const v1::ListCalendarRequest* request,
                            v1::ListCalendarResponse* response) override;
  grpc::Status ListOverdueContacts(grpc::ServerContext* context,
                                   const v1::ListOverdueContactsRequest* request,
                                   v1::ListOverdueContactsResponse* response) override;
  grpc::Status ListClientTimeline(grpc::ServerContext* context,
                                  const v1::ListClientTimelineRequest* request,
                                  v1::ListClientTimelineResponse* response) override;
  grpc::Status ReassignContacts(grpc::ServerContext* context,
                                const v1::ReassignContactsRequest* request,
                                v1::ReassignContactsResponse* response) override;
  grpc::Status GetCalendarSettings(grpc::ServerContext* context,
                                   const v1::GetCalendarSettingsRequest* request,
                                   v1::CalendarSettings* response) override;
  grpc::Status UpdateCalendarSettings(grpc::ServerContext* context,
                                      const v1::UpdateCalendarSettingsRequest* request,
                                      v1::CalendarSettings* response) override;
  grpc::Status WatchReminders(grpc::ServerContext* context,
                              const v1::WatchRemindersRequest* request,
                              grpc::ServerWriter<v1::ReminderNotice>* writer) override;

 private:
  app::ReminderHub* hub_;
};

}  // namespace crm::planning
