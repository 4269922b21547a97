// crm groups add-by-filter|remove-by-filter, crm projects set-target-groups|target-groups|clients,
// crm departments ..., crm employees set-department, crm project-teams ...: the registry's
// organisation side (GroupService, ExhibitionService, StaffService).
#include <algorithm>
#include <cctype>
#include <memory>
#include <string>

#include "crm/registry/v1/exhibitions.grpc.pb.h"
#include "crm/registry/v1/groups.grpc.pb.h"
#include "crm/registry/v1/staff.grpc.pb.h"
#include "tools/cli/client_filter_options.h"
#include "tools/cli/commands.h"
#include "tools/cli/parse.h"
#include "tools/cli/unary_command.h"

namespace crm::cli {
namespace {

namespace reg = crm::registry::v1;
using Exhibitions = reg::ExhibitionService::Stub;
using Groups = reg::GroupService::Stub;
using Staff = reg::StaffService::Stub;

// "lead" or "PROJECT_TEAM_ROLE_LEAD" -> the role.
reg::ProjectTeamRole ParseTeamRole(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
    return c == '-' ? '_' : static_cast<char>(std::toupper(c));
  });
  if (text.rfind("PROJECT_TEAM_ROLE_", 0) != 0) {
    text = "PROJECT_TEAM_ROLE_" + text;
  }
  reg::ProjectTeamRole role;
  if (!reg::ProjectTeamRole_Parse(text, &role) || role == reg::PROJECT_TEAM_ROLE_UNSPECIFIED) {
    throw ArgumentError("--role: expected lead, sales_manager, coordinator or analyst");
  }
  return role;
}

void AddGroupFilterCommands(CLI::App& app, Globals& globals) {
  CLI::App* group = app.get_subcommand("groups");

  UnaryCommand<Groups, reg::AddGroupMembersByFilterRequest, reg::ChangeGroupMembersByFilterResponse>
      add(group, globals, "add-by-filter", "Add every client matching a filter to a group",
          &Groups::AddGroupMembersByFilter, StubFor<reg::GroupService>);
  add.command->add_option("group", *add.request->mutable_group(), "groups/<uuid>")->required();
  auto add_filter = ClientFilterOptions::AddAll(add.command, add.request->mutable_filter());
  add.Then([add_filter](reg::AddGroupMembersByFilterRequest& r) {
    add_filter->Fill(r.mutable_filter());
  });

  UnaryCommand<Groups, reg::RemoveGroupMembersByFilterRequest,
               reg::ChangeGroupMembersByFilterResponse>
      drop(group, globals, "remove-by-filter", "Remove every member matching a filter",
           &Groups::RemoveGroupMembersByFilter, StubFor<reg::GroupService>);
  drop.command->add_option("group", *drop.request->mutable_group(), "groups/<uuid>")->required();
  auto drop_filter = ClientFilterOptions::AddAll(drop.command, drop.request->mutable_filter());
  drop.Then([drop_filter](reg::RemoveGroupMembersByFilterRequest& r) {
    drop_filter->Fill(r.mutable_filter());
  });
}

void AddProjectBaseCommands(CLI::App& app, Globals& globals) {
  CLI::App* group = app.get_subcommand("projects");

  UnaryCommand<Exhibitions, reg::SetProjectTargetGroupsRequest, reg::SetProjectTargetGroupsResponse>
      set(group, globals, "set-target-groups",
          "Replace a project's target groups (shared groups of kind target_group)",
          &Exhibitions::SetProjectTargetGroups, StubFor<reg::ExhibitionService>);
  set.command->add_option("project", *set.request->mutable_project(), "projects/<uuid>")
      ->required();
  set.WithList("--group", "groups/<uuid> (repeat; none unlinks all)",
               &reg::SetProjectTargetGroupsRequest::clear_groups,
               &reg::SetProjectTargetGroupsRequest::add_groups);

  UnaryCommand<Exhibitions, reg::ListProjectTargetGroupsRequest,
               reg::ListProjectTargetGroupsResponse>
      targets(group, globals, "target-groups", "A project's target groups",
              &Exhibitions::ListProjectTargetGroups, StubFor<reg::ExhibitionService>);
  targets.command->add_option("project", *targets.request->mutable_project(), "projects/<uuid>")
      ->required();
  targets.WithPaging();

  UnaryCommand<Exhibitions, reg::ListProjectClientsRequest, reg::ListProjectClientsResponse>
      clients(group, globals, "clients",
              "A project's client base: target groups, participants and curated clients",
              &Exhibitions::ListProjectClients, StubFor<reg::ExhibitionService>);
  clients.command->add_option("project", *clients.request->mutable_project(), "projects/<uuid>")
      ->required();
  auto filter = ClientFilterOptions::AddAll(clients.command, clients.request->mutable_filter());
  clients.Then([filter](reg::ListProjectClientsRequest& r) { filter->Fill(r.mutable_filter()); });
  clients.WithPaging();
}

void AddDepartmentCommands(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("departments", "Departments of the staff directory");
  group->require_subcommand(1);

  UnaryCommand<Staff, reg::CreateDepartmentRequest, reg::Department> create(
      group, globals, "create", "Create a department (admins)", &Staff::CreateDepartment,
      StubFor<reg::StaffService>);
  auto* d = create.request->mutable_department();
  create.command->add_option("--display-name", *d->mutable_display_name(), "Name")->required();
  create.command->add_option("--head", *d->mutable_head(), "employees/<uuid> heading it");
  create.command->add_option("--request-id", *create.request->mutable_request_id(),
                             "Idempotency key");

  UnaryCommand<Staff, reg::GetDepartmentRequest, reg::Department> get(
      group, globals, "get", "Show a department", &Staff::GetDepartment,
      StubFor<reg::StaffService>);
  get.command->add_option("name", *get.request->mutable_name(), "departments/<uuid>")->required();

  UnaryCommand<Staff, reg::UpdateDepartmentRequest, reg::Department> update(
      group, globals, "update", "Rename a department or change its head (admins)",
      &Staff::UpdateDepartment, StubFor<reg::StaffService>);
  auto* u = update.request->mutable_department();
  auto masked = std::make_shared<MaskedOptions>();
  update.command->add_option("name", *u->mutable_name(), "departments/<uuid>")->required();
  update.command->add_option("--etag", *u->mutable_etag(), "The etag as last read")->required();
  masked->Add(update.command->add_option("--display-name", *u->mutable_display_name(), "Name"),
              "display_name");
  masked->Add(update.command->add_option("--head", *u->mutable_head(), "employees/<uuid> or \"\""),
              "head");
  update.Then([masked](reg::UpdateDepartmentRequest& r) { masked->Fill(r.mutable_update_mask()); });

  UnaryCommand<Staff, reg::DeleteDepartmentRequest, reg::Department> remove(
      group, globals, "delete", "Delete an empty department (soft; admins)",
      &Staff::DeleteDepartment, StubFor<reg::StaffService>);
  remove.command->add_option("name", *remove.request->mutable_name(), "departments/<uuid>")
      ->required();
  remove.command->add_option("--etag", *remove.request->mutable_etag(), "The etag as last read")
      ->required();

  UnaryCommand<Staff, reg::ListDepartmentsRequest, reg::ListDepartmentsResponse> list(
      group, globals, "list", "Departments by name", &Staff::ListDepartments,
      StubFor<reg::StaffService>);
  list.WithPaging();

  UnaryCommand<Staff, reg::ListDepartmentMembersRequest, reg::ListDepartmentMembersResponse>
      members(group, globals, "members", "A department's employees", &Staff::ListDepartmentMembers,
              StubFor<reg::StaffService>);
  members.command
      ->add_option("department", *members.request->mutable_department(), "departments/<uuid>")
      ->required();
  members.WithPaging();

  UnaryCommand<Staff, reg::SetEmployeeDepartmentRequest, reg::Employee> assign(
      app.get_subcommand("employees"), globals, "set-department",
      "Put an employee into a department, or into none (admins)", &Staff::SetEmployeeDepartment,
      StubFor<reg::StaffService>);
  assign.command->add_option("employee", *assign.request->mutable_employee(), "employees/<uuid>")
      ->required();
  assign.command->add_option("--department", *assign.request->mutable_department(),
                             "departments/<uuid>; omit for none");
}

void AddProjectTeamCommands(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("project-teams", "Exhibition projects' teams");
  group->require_subcommand(1);

  UnaryCommand<Staff, reg::SetProjectTeamMemberRequest, reg::ProjectTeamMember> set(
      group, globals, "set", "Add an employee to a project's team or change their role",
      &Staff::SetProjectTeamMember, StubFor<reg::StaffService>);
  set.command->add_option("--project", *set.request->mutable_project(), "projects/<uuid>")
      ->required();
  set.command->add_option("--employee", *set.request->mutable_employee(), "employees/<uuid>")
      ->required();
  auto role = std::make_shared<std::string>();
  set.command->add_option("--role", *role, "lead, sales_manager, coordinator or analyst")
      ->required();
  set.Then([role](reg::SetProjectTeamMemberRequest& r) { r.set_role(ParseTeamRole(*role)); });

  UnaryCommand<Staff, reg::RemoveProjectTeamMemberRequest, reg::ProjectTeamMember> remove(
      group, globals, "remove", "Take an employee out of a project's team",
      &Staff::RemoveProjectTeamMember, StubFor<reg::StaffService>);
  remove.command
      ->add_option("name", *remove.request->mutable_name(), "projects/<uuid>/teamMembers/<uuid>")
      ->required();

  UnaryCommand<Staff, reg::ListProjectTeamMembersRequest, reg::ListProjectTeamMembersResponse> list(
      group, globals, "list", "A project's team", &Staff::ListProjectTeamMembers,
      StubFor<reg::StaffService>);
  list.command->add_option("--project", *list.request->mutable_project(), "projects/<uuid>")
      ->required();
  list.WithPaging();
}

}  // namespace

void AddOrganisationCommands(CLI::App& app, Globals& globals) {
  AddGroupFilterCommands(app, globals);
  AddProjectBaseCommands(app, globals);
  AddDepartmentCommands(app, globals);
  AddProjectTeamCommands(app, globals);
}

}  // namespace crm::cli
