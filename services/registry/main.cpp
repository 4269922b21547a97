#include <memory>

#include "common/grpc/service_host.h"
#include "services/registry/api/exhibition_api.h"
#include "services/registry/api/group_api.h"
#include "services/registry/api/import_api.h"
#include "services/registry/api/mailing_api.h"
#include "services/registry/api/quality_api.h"
#include "services/registry/api/registry_api.h"
#include "services/registry/api/staff_api.h"
#include "services/registry/store/all_queries.h"
#include "services/registry/store/migrations.h"

namespace {

using crm::common::EnvReader;
using crm::common::rpc::ServiceHost;

void Wire(ServiceHost& host, EnvReader&) {
  host.AddService<crm::registry::v1::RegistryService>(
      std::make_unique<crm::registry::RegistryApi>(host.guard(), host.pool()));
  host.AddService<crm::registry::v1::ClientQualityService>(
      std::make_unique<crm::registry::QualityApi>(host.guard(), host.pool()));
  host.AddService<crm::registry::v1::StaffService>(
      std::make_unique<crm::registry::StaffApi>(host.guard(), host.pool()));
  host.AddService<crm::registry::v1::ExhibitionService>(
      std::make_unique<crm::registry::ExhibitionApi>(host.guard(), host.pool()));
  host.AddService<crm::registry::v1::GroupService>(
      std::make_unique<crm::registry::GroupApi>(host.guard(), host.pool()));
  host.AddService<crm::registry::v1::ImportService>(
      std::make_unique<crm::registry::ImportApi>(host.guard(), host.pool()));
  host.AddService<crm::registry::v1::MailingService>(
      std::make_unique<crm::registry::MailingApi>(host.guard(), host.pool()));
  host.AddOutboxRelay();
}

}  // namespace

int main(int argc, char** argv) {
  return crm::common::rpc::ServiceMain(
      argc, argv, {"registry", crm::registry::Migrations(), crm::registry::AllQueries(), Wire});
}
