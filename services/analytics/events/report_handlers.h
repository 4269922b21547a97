#pragma once

#include "common/bus/consumer.h"

namespace crm::analytics {

// The period reports' part of the projection beyond contacts and sales: project teams
// (crm.registry.project_team.member_set, .member_removed) and clients' ratings
// (crm.planning.rating.recorded).
void AddReportRoutes(common::bus::EventRouter& router);

}  // namespace crm::analytics
