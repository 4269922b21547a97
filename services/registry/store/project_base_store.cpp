#include "services/registry/store/project_base_store.h"

#include <map>
#include <vector>

#include "common/core/ids.h"
#include "services/registry/store/client_filter.h"
#include "services/registry/store/client_store.h"

namespace crm::registry {
namespace {

constexpr int kDisplayNameColumn = 1;
constexpr int kTargetGroupsColumn = 2;
constexpr int kParticipationsColumn = 3;
constexpr int kTotalAreaColumn = 4;
constexpr int kCuratorsColumn = 5;

std::vector<std::string> SplitList(const pqxx::field& field, char separator) {
  std::vector<std::string> parts;
  if (field.is_null()) {
    return parts;
  }
  const std::string text = field.c_str();
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(separator, start);
    if (end == std::string::npos) {
      end = text.size();
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

void FillTies(const pqxx::row& row, v1::ProjectClient* out) {
  for (const std::string& id : SplitList(row[kTargetGroupsColumn], ',')) {
    out->add_target_groups(common::ResourceName("groups", id));
  }
  for (const std::string& item : SplitList(row[kParticipationsColumn], ',')) {
    // edition:project:year:area_dm2
    const std::vector<std::string> parts = [&] {
      std::vector<std::string> fields;
      std::size_t start = 0;
      for (std::size_t end; (end = item.find(':', start)) != std::string::npos; start = end + 1) {
        fields.push_back(item.substr(start, end - start));
      }
      fields.push_back(item.substr(start));
      return fields;
    }();
    v1::ProjectClientParticipation* participation = out->add_participations();
    participation->set_edition(common::ResourceName("projects", parts.at(1)) + "/" +
                               common::ResourceName("editions", parts.at(0)));
    participation->set_year(std::stoi(parts.at(2)));
    participation->set_area_dm2(std::stoll(parts.at(3)));
  }
  out->set_total_area_dm2(row[kTotalAreaColumn].as<int64_t>());
  for (const std::string& id : SplitList(row[kCuratorsColumn], ',')) {
    out->add_curators(common::ResourceName("employees", id));
  }
}

}  // namespace

Page<v1::ProjectClient> ListProjectClients(pqxx::transaction_base& tx,
                                           const ProjectClientList& list) {
  const ListWindow& w = list.window;
  tx.exec_prepared("use_custom_plans");
  const pqxx::result rows =
      tx.exec_prepared("project_clients_list",
                       pqxx::prepare::make_dynamic_params(ClientFilterParameters(list.filter)),
                       list.project_id, AfterSort(w), AfterId(w), FetchLimit(w));
  Page<v1::ProjectClient> page;
  const auto size = static_cast<std::size_t>(w.page_size);
  std::string ids = "{";
  for (std::size_t i = 0; i < rows.size() && i < size; ++i) {
    const auto row = rows[static_cast<pqxx::result::size_type>(i)];
    ids += (i > 0 ? "," : "") + std::string(row[0].c_str());
    v1::ProjectClient item;
    item.mutable_client()->set_name(common::ResourceName("clients", row[0].c_str()));
    FillTies(row, &item);
    page.items.push_back(std::move(item));
  }
  ids += "}";
  // The page's clients in one more statement, whatever the page size.
  std::map<std::string, v1::Client> by_name;
  for (v1::Client& client : ClientsFromRows(tx.exec_prepared("clients_by_ids", ids))) {
    std::string name = client.name();
    by_name.emplace(std::move(name), std::move(client));
  }
  for (v1::ProjectClient& item : page.items) {
    *item.mutable_client() = by_name.at(item.client().name());
  }
  if (rows.size() > size) {
    const auto last = rows[static_cast<pqxx::result::size_type>(size - 1)];
    page.next = PageKey{last[kDisplayNameColumn].c_str(), last[0].c_str()};
  }
  return page;
}

}  // namespace crm::registry
