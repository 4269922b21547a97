#include "services/registry/app/create_client.h"

#include <string>

#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/registry/app/client_support.h"
#include "services/registry/domain/verification.h"
#include "services/registry/events/published.h"
#include "services/registry/store/client_store.h"
#include "services/registry/store/quality_store.h"

namespace crm::registry::app {

v1::Client CreateClient(common::db::Pool& pool, const common::auth::Principal& caller,
                        const common::api::IdempotencyKey& key, const v1::Client& client,
                        const std::string& request_id) {
  return common::api::CreateOnce(
      pool, key,
      [&](pqxx::work& tx) {
        CheckHeadClient(tx, client, "");
        const v1::VerificationState initial = InitialVerificationState(caller);
        v1::Client created = InsertClient(tx, common::NewUuid(), client, caller.subject, initial);
        AppendClientHistory(tx, created, "created", caller.subject, request_id);
        if (QueuedForVerification(initial)) {
          NewVerificationItem item;
          item.client_id = common::ParseResourceId(created.name(), "clients").value();
          OpenVerificationItem(tx, created, "NEW_RECORD", item, caller.subject);
        }
        common::bus::EnqueueEvent(tx, events::v1::kClientCreated, created.name(),
                                  ClientCreatedEvent(created));
        return created;
      },
      [&](pqxx::transaction_base& tx, const std::string& name) {
        return common::api::Found(FindClient(tx, common::ParseResourceId(name, "clients").value()),
                                  name);
      },
      [&](pqxx::read_transaction& tx) {
        if (auto existing = FindClientByInnKpp(tx, client.inn(), client.kpp())) {
          throw common::AlreadyExistsError(ExistingClientMessage(client, *existing),
                                           existing->name());
        }
      });
}

}  // namespace crm::registry::app
