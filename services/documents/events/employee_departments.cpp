#include "services/documents/events/employee_departments.h"

#include <optional>
#include <string>

#include "common/auth/access.h"
#include "common/bus/event_time.h"
#include "common/core/ids.h"
#include "crm/events/v1/registry_org_events.pb.h"
#include "services/documents/store/document_store.h"

namespace crm::documents {
namespace {

using common::bus::InboundEvent;
using common::bus::PoisonEvent;

void OnEmployeeUpdated(pqxx::work& tx, const events::v1::EmployeeUpdated& updated,
                       const InboundEvent& meta) {
  const auto employee_id = common::auth::EmployeeIdOf(updated.employee().employee());
  if (!employee_id) {
    throw PoisonEvent("employee.employee is not an \"employees/{uuid}\" name: '" +
                      updated.employee().employee() + "'");
  }
  std::string department_id;
  if (!updated.department_unit().empty()) {
    auto id = common::ParseResourceId(updated.department_unit(), "departments");
    if (!id) {
      throw PoisonEvent("department_unit is not a \"departments/{uuid}\" name: '" +
                        updated.department_unit() + "'");
    }
    department_id = *id;
  }
  store::SetEmployeeDepartment(tx, *employee_id, department_id, common::bus::EventTimeOf(meta));
}

}  // namespace

common::bus::ConsumerOptions EmployeesConsumerOptions() {
  common::bus::ConsumerOptions options;
  options.durable = "documents-employees";
  options.filter_subject = "crm.registry.employee.>";
  return options;
}

void RegisterEmployeeHandlers(common::bus::EventRouter& router) {
  router.On<events::v1::EmployeeUpdated>("crm.registry.employee.updated", OnEmployeeUpdated);
}

}  // namespace crm::documents
