#include "services/registry/app/group_members.h"

#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "crm/events/v1/registry_topics.h"
#include "services/registry/events/published.h"
#include "services/registry/store/group_store.h"

namespace crm::registry::app {

v1::ChangeGroupMembersResponse ChangeGroupMembers(pqxx::transaction_base& tx,
                                                  const v1::Group& group,
                                                  const std::vector<std::string>& client_ids,
                                                  bool add, const std::string& actor) {
  if (auto missing = FirstMissingClient(tx, client_ids)) {
    throw common::NotFoundError(common::ResourceName("clients", *missing));
  }
  const std::string group_id = common::ParseResourceId(group.name(), "groups").value();
  v1::ChangeGroupMembersResponse result;
  result.set_changed_count(add ? registry::AddGroupMembers(tx, group_id, client_ids, actor)
                               : registry::RemoveGroupMembers(tx, group_id, client_ids));
  result.set_unchanged_count(static_cast<int64_t>(client_ids.size()) - result.changed_count());
  result.set_member_count(CountGroupMembers(tx, group_id, true));
  common::bus::EnqueueEvent(tx, events::v1::kGroupMembersChanged, group.name(),
                            GroupMembersChangedEvent(group, client_ids, add, result.changed_count(),
                                                     result.member_count()));
  return result;
}

}  // namespace crm::registry::app
