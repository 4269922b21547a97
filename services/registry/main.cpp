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
  auto& api = host.Own(std::make_unique<crm::registry::RegistryApi>(host.guard(), host.pool()));
  host.AddService(&api, "crm.registry.v1.RegistryService");
  auto& quality = host.Own(std::make_unique<crm::registry::QualityApi>(host.guard(), host.pool()));
  host.AddService(&quality, "crm.registry.v1.ClientQualityService");
  auto& staff = host.Own(std::make_unique<crm::registry::StaffApi>(host.guard(), host.pool()));
  host.AddService(&staff, "crm.registry.v1.StaffService");
  auto& exhibitions =
      host.Own(std::make_unique<crm::registry::ExhibitionApi>(host.guard(), host.pool()));
  host.AddService(&exhibitions, "crm.registry.v1.ExhibitionService");
  auto& groups = host.Own(std::make_unique<crm::registry::GroupApi>(host.guard(), host.pool()));
  host.AddService(&groups, "crm.registry.v1.GroupService");
  auto& imports = host.Own(std::make_unique<crm::registry::ImportApi>(host.guard(), host.pool()));
  host.AddService(&imports, "crm.registry.v1.ImportService");
  auto& mailing = host.Own(std::make_unique<crm::registry::MailingApi>(host.guard(), host.pool()));
  host.AddService(&mailing, "crm.registry.v1.MailingService");
  host.AddOutboxRelay();
}

}  // namespace

int main(int argc, char** argv) {
  return crm::common::rpc::ServiceMain(
      argc, argv, {"registry", crm::registry::Migrations(), crm::registry::AllQueries(), Wire});
}
