#include "services/registry/api/exhibition_api.h"

#include <algorithm>
#include <optional>
#include <string>

#include "common/api/etag.h"
#include "common/api/idempotency.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/registry/api/list_pages.h"
#include "services/registry/app/exhibition_edits.h"
#include "services/registry/app/resource_history.h"
#include "services/registry/domain/exhibition_rules.h"
#include "services/registry/domain/project_base_rules.h"
#include "services/registry/events/published.h"
#include "services/registry/store/client_filter.h"
#include "services/registry/store/client_store.h"
#include "services/registry/store/exhibition_store.h"
#include "services/registry/store/group_store.h"
#include "services/registry/store/project_base_store.h"
#include "services/registry/store/project_store.h"

namespace crm::registry {
namespace {

using common::auth::Principal;

void CheckProjectExists(pqxx::transaction_base& tx, const std::string& id,
                        const std::string& name) {
  if (!FindProject(tx, id)) {
    throw common::NotFoundError(name);
  }
}

// Every group named must be a live shared group of kind TARGET_GROUP; another's personal group
// is reported as missing, like everywhere else.
void CheckTargetGroups(pqxx::transaction_base& tx, const TargetGroupsChange& change,
                       const std::string& viewer) {
  common::Violations v;
  for (const auto& [id, problem] : TargetGroupProblems(tx, change.group_ids, viewer)) {
    const auto at = std::find(change.group_ids.begin(), change.group_ids.end(), id);
    const std::string field = "groups[" + std::to_string(at - change.group_ids.begin()) + "]";
    const std::string name = common::ResourceName("groups", id);
    if (problem == "missing") {
      v.Add(field, "names no group: " + name);
    } else if (problem == "personal") {
      v.Add(field, name + " is a personal group; target groups are shared groups");
    } else {
      v.Add(field, name + " is not a group of kind TARGET_GROUP");
    }
  }
  v.ThrowIfAny();
}

std::vector<std::string> GroupNames(const std::vector<std::string>& ids) {
  std::vector<std::string> names;
  names.reserve(ids.size());
  for (const std::string& id : ids) {
    names.push_back(common::ResourceName("groups", id));
  }
  return names;
}

}  // namespace

ExhibitionApi::ExhibitionApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool)
    : guard_(guard), pool_(pool) {}

grpc::Status ExhibitionApi::GetProject(grpc::ServerContext* context,
                                       const v1::GetProjectRequest* request,
                                       v1::Project* response) {
  return guard_.Run(context, [&](const Principal&) {
    const std::string id = ValidateProjectName(request->name(), "name");
    *response = common::api::Found(
        pool_.Read([&](pqxx::read_transaction& tx) { return FindProject(tx, id); }),
        request->name());
  });
}

grpc::Status ExhibitionApi::UpdateProject(grpc::ServerContext* context,
                                          const v1::UpdateProjectRequest* request,
                                          v1::Project* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ProjectUpdate update = ValidateUpdateProject(*request);
    *response = app::UpdateProject(pool_, caller, update, request->project(), app::kUpdated);
  });
}

grpc::Status ExhibitionApi::GetEdition(grpc::ServerContext* context,
                                       const v1::GetEditionRequest* request,
                                       v1::Edition* response) {
  return guard_.Run(context, [&](const Principal&) {
    const EditionRef ref = ValidateEditionName(request->name(), "name");
    *response = common::api::Found(
        pool_.Read([&](pqxx::read_transaction& tx) { return FindEdition(tx, ref); }),
        request->name());
  });
}

grpc::Status ExhibitionApi::UpdateEdition(grpc::ServerContext* context,
                                          const v1::UpdateEditionRequest* request,
                                          v1::Edition* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const EditionUpdate update = ValidateUpdateEdition(*request);
    *response = app::UpdateEdition(pool_, caller, update, request->edition(), app::kUpdated);
  });
}

grpc::Status ExhibitionApi::CreateCompetitorExhibition(
    grpc::ServerContext* context, const v1::CreateCompetitorExhibitionRequest* request,
    v1::CompetitorExhibition* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const v1::CompetitorExhibition exhibition = ValidateCreateCompetitorExhibition(*request);
    *response = common::api::CreateOnce(
        pool_, common::api::KeyOf(caller.subject, "CreateCompetitorExhibition", *request),
        [&](pqxx::work& tx) {
          v1::CompetitorExhibition created =
              InsertCompetitorExhibition(tx, common::NewUuid(), exhibition, caller.subject);
          common::bus::EnqueueEvent(tx, events::v1::kCompetitorExhibitionCreated, created.name(),
                                    CompetitorExhibitionCreatedEvent(created));
          return created;
        },
        [&](pqxx::transaction_base& tx, const std::string& name) {
          return common::api::Found(
              FindCompetitorExhibition(
                  tx, common::ParseResourceId(name, "competitorExhibitions").value()),
              name);
        });
  });
}

grpc::Status ExhibitionApi::GetCompetitorExhibition(
    grpc::ServerContext* context, const v1::GetCompetitorExhibitionRequest* request,
    v1::CompetitorExhibition* response) {
  return guard_.Run(context, [&](const Principal&) {
    const std::string id = ValidateCompetitorExhibitionName(request->name(), "name");
    *response = common::api::Found(
        pool_.Read([&](pqxx::read_transaction& tx) { return FindCompetitorExhibition(tx, id); }),
        request->name());
  });
}

grpc::Status ExhibitionApi::UpdateCompetitorExhibition(
    grpc::ServerContext* context, const v1::UpdateCompetitorExhibitionRequest* request,
    v1::CompetitorExhibition* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const CompetitorExhibitionUpdate update = ValidateUpdateCompetitorExhibition(*request);
    *response = pool_.InTransaction([&](pqxx::work& tx) {
      auto current = LockCompetitorExhibition(tx, update.id);
      if (!current) {
        throw common::NotFoundError(request->competitor_exhibition().name());
      }
      common::api::CheckEtag(current->name(), current->etag(), update.mask.etag);
      v1::CompetitorExhibition target = ApplyCompetitorExhibitionUpdate(
          *current, request->competitor_exhibition(), update.mask.paths);
      v1::CompetitorExhibition updated =
          UpdateCompetitorExhibitionRecord(tx, update.id, target, caller.subject);
      common::bus::EnqueueEvent(tx, events::v1::kCompetitorExhibitionUpdated, updated.name(),
                                CompetitorExhibitionUpdatedEvent(updated));
      return updated;
    });
  });
}

grpc::Status ExhibitionApi::ListCompetitorExhibitions(
    grpc::ServerContext* context, const v1::ListCompetitorExhibitionsRequest* request,
    v1::ListCompetitorExhibitionsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ListWindow window = ValidateListCompetitorExhibitions(*request, caller.subject);
    auto page = pool_.Read([&](pqxx::read_transaction& tx) {
      return registry::ListCompetitorExhibitions(tx, window);
    });
    FillListResponse(page, window, response->mutable_competitor_exhibitions(),
                     response->mutable_next_page_token());
  });
}

grpc::Status ExhibitionApi::CreateParticipation(grpc::ServerContext* context,
                                                const v1::CreateParticipationRequest* request,
                                                v1::Participation* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    NewParticipation input = ValidateCreateParticipation(*request);
    *response = common::api::CreateOnce(
        pool_, common::api::KeyOf(caller.subject, "CreateParticipation", *request),
        [&](pqxx::work& tx) {
          auto client = FindClient(tx, input.client_id);
          if (!client) {
            throw common::NotFoundError(request->parent());
          }
          if (client->has_delete_time()) {
            throw common::PreconditionError("CLIENT_DELETED",
                                            "the client " + client->name() + " is deleted");
          }
          if (input.edition) {
            auto edition = FindEdition(tx, *input.edition);
            if (!edition) {
              throw common::NotFoundError(request->participation().edition());
            }
            input.year = edition->start_date().year();
          } else if (!FindCompetitorExhibition(tx, input.competitor_exhibition_id)) {
            throw common::NotFoundError(request->participation().competitor_exhibition());
          }
          v1::Participation created =
              InsertParticipation(tx, common::NewUuid(), input, input.year, caller.subject);
          common::bus::EnqueueEvent(tx, events::v1::kParticipationRecorded, created.name(),
                                    ParticipationRecordedEvent(created));
          return created;
        },
        [&](pqxx::transaction_base& tx, const std::string& name) {
          return common::api::Found(FindParticipation(tx, ValidateParticipationName(name, "name")),
                                    name);
        },
        [&](pqxx::read_transaction& tx) {
          if (auto existing = FindSameParticipation(tx, input)) {
            throw common::AlreadyExistsError(
                "the client already has this participation: " + existing->name(), existing->name());
          }
        });
  });
}

grpc::Status ExhibitionApi::DeleteParticipation(grpc::ServerContext* context,
                                                const v1::DeleteParticipationRequest* request,
                                                v1::Participation* response) {
  return guard_.Run(context, [&](const Principal&) {
    const ParticipationRef ref = ValidateParticipationName(request->name(), "name");
    *response = pool_.InTransaction([&](pqxx::work& tx) {
      v1::Participation deleted =
          common::api::Found(registry::DeleteParticipation(tx, ref), request->name());
      common::bus::EnqueueEvent(tx, events::v1::kParticipationDeleted, deleted.name(),
                                ParticipationDeletedEvent(deleted));
      return deleted;
    });
  });
}

grpc::Status ExhibitionApi::ListParticipations(grpc::ServerContext* context,
                                               const v1::ListParticipationsRequest* request,
                                               v1::ListParticipationsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ParticipationList list = ValidateListParticipations(*request, caller.subject);
    auto page = pool_.Read([&](pqxx::read_transaction& tx) {
      if (!ClientExists(tx, list.client_id)) {
        throw common::NotFoundError(request->parent());
      }
      return registry::ListParticipations(tx, list);
    });
    FillListResponse(page, list.window, response->mutable_participations(),
                     response->mutable_next_page_token());
  });
}

grpc::Status ExhibitionApi::SetProjectTargetGroups(grpc::ServerContext* context,
                                                   const v1::SetProjectTargetGroupsRequest* request,
                                                   v1::SetProjectTargetGroupsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const TargetGroupsChange change = ValidateSetProjectTargetGroups(*request);
    *response = pool_.InTransaction([&](pqxx::work& tx) {
      // Locked, so concurrent replacements of one project's groups follow each other.
      if (!LockProject(tx, change.project_id)) {
        throw common::NotFoundError(request->project());
      }
      CheckTargetGroups(tx, change, caller.subject);
      const auto [unlinked, linked] =
          ReplaceProjectTargetGroups(tx, change.project_id, change.group_ids, caller.subject);
      v1::SetProjectTargetGroupsResponse result;
      auto groups = registry::ListProjectTargetGroups(tx, change.project_id,
                                                      ListWindow{.page_size = kMaxTargetGroups});
      std::vector<std::string> group_names;
      for (v1::Group& group : groups.items) {
        group_names.push_back(group.name());
        *result.add_groups() = std::move(group);
      }
      common::bus::EnqueueEvent(
          tx, events::v1::kProjectTargetGroupsSet, request->project(),
          ProjectTargetGroupsSetEvent(request->project(), group_names, GroupNames(linked),
                                      GroupNames(unlinked), caller.subject));
      return result;
    });
  });
}

grpc::Status ExhibitionApi::ListProjectTargetGroups(
    grpc::ServerContext* context, const v1::ListProjectTargetGroupsRequest* request,
    v1::ListProjectTargetGroupsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const TargetGroupList list = ValidateListProjectTargetGroups(*request, caller.subject);
    auto page = pool_.Read([&](pqxx::read_transaction& tx) {
      CheckProjectExists(tx, list.project_id, request->project());
      return registry::ListProjectTargetGroups(tx, list.project_id, list.window);
    });
    FillListResponse(page, list.window, response->mutable_groups(),
                     response->mutable_next_page_token());
  });
}

grpc::Status ExhibitionApi::ListProjectClients(grpc::ServerContext* context,
                                               const v1::ListProjectClientsRequest* request,
                                               v1::ListProjectClientsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ProjectClientList list = ValidateListProjectClients(*request, caller.subject);
    auto page = pool_.Read([&](pqxx::read_transaction& tx) {
      CheckProjectExists(tx, list.project_id, request->project());
      CheckClientFilterReferences(tx, list.filter, caller.subject, "filter");
      response->set_total_size(static_cast<int32_t>(CountProjectClients(tx, list)));
      return registry::ListProjectClients(tx, list);
    });
    FillListResponse(page, list.window, response->mutable_clients(),
                     response->mutable_next_page_token());
  });
}

}  // namespace crm::registry
