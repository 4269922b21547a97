#include "services/registry/store/project_base_store.h"

#include <map>
#include <vector>

#include "common/core/ids.h"
#include "common/db/lists.h"
#include "common/db/params.h"
#include "common/db/pool.h"
#include "common/db/row.h"
#include "services/registry/store/client_filter.h"
#include "services/registry/store/client_store.h"

namespace crm::registry {
namespace {

using common::db::Row;
using common::db::SplitList;

// A row of project_clients_list: the client's name (the client itself is read by
// clients_by_ids) and what ties it to the project.
v1::ProjectClient DecodeProjectClient(const Row& row) {
  v1::ProjectClient out;
  out.mutable_client()->set_name(common::ResourceName("clients", row.Text("id")));
  for (const std::string& id : SplitList(row.Text("target_group_ids"))) {
    out.add_target_groups(common::ResourceName("groups", id));
  }
  for (const std::string& item : SplitList(row.Text("participations"))) {
    // edition:project:year:area_dm2
    const std::vector<std::string> parts = SplitList(item, ':');
    v1::ProjectClientParticipation* participation = out.add_participations();
    participation->set_edition(common::ResourceName("projects", parts.at(1)) + "/" +
                               common::ResourceName("editions", parts.at(0)));
    participation->set_year(std::stoi(parts.at(2)));
    participation->set_area_dm2(std::stoll(parts.at(3)));
  }
  out.set_total_area_dm2(row.Int64("total_area_dm2"));
  for (const std::string& id : SplitList(row.Text("curator_ids"))) {
    out.add_curators(common::ResourceName("employees", id));
  }
  return out;
}

}  // namespace

Page<v1::ProjectClient> ListProjectClients(pqxx::transaction_base& tx,
                                           const ProjectClientList& list) {
  const ListWindow& w = list.window;
  common::db::UseCustomPlans(tx);
  Page<v1::ProjectClient> page = ReadPageByName(
      tx.exec_prepared("project_clients_list",
                       pqxx::prepare::make_dynamic_params(ClientFilterParameters(list.filter)),
                       list.project_id, AfterSort(w), AfterId(w), FetchLimit(w)),
      w, "display_name", DecodeProjectClient);
  // The page's clients in one more statement, whatever the page size.
  std::vector<std::string> ids;
  ids.reserve(page.items.size());
  for (const v1::ProjectClient& item : page.items) {
    ids.push_back(common::ParseResourceId(item.client().name(), "clients").value());
  }
  std::map<std::string, v1::Client> by_name;
  for (v1::Client& client :
       ClientsFromRows(tx.exec_prepared("clients_by_ids", common::db::ArrayLiteral(ids)))) {
    std::string name = client.name();
    by_name.emplace(std::move(name), std::move(client));
  }
  for (v1::ProjectClient& item : page.items) {
    *item.mutable_client() = by_name.at(item.client().name());
  }
  return page;
}

long CountProjectClients(pqxx::transaction_base& tx, const ProjectClientList& list) {
  common::db::UseCustomPlans(tx);
  return static_cast<long>(
      Row(tx.exec_prepared1("project_clients_count",
                            pqxx::prepare::make_dynamic_params(ClientFilterParameters(list.filter)),
                            list.project_id, list.filtered))
          .Int64("total"));
}

}  // namespace crm::registry
