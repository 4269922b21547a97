// crm employees get|update, crm curators ...: the registry's StaffService.
#include <memory>
#include <string>
#include <vector>

#include "crm/registry/v1/staff.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/unary_command.h"

namespace crm::cli {
namespace {

namespace reg = crm::registry::v1;
using Staff = reg::StaffService::Stub;

void AddEmployeeCommands(CLI::App& app, Globals& globals) {
  CLI::App* group = app.get_subcommand("employees");

  UnaryCommand<Staff, reg::GetEmployeeRequest, reg::Employee> get(
      group, globals, "get", "Show an employee with roles and status", &Staff::GetEmployee,
      StubFor<reg::StaffService>);
  get.command->add_option("name", *get.request->mutable_name(), "employees/<uuid>")->required();

  UnaryCommand<Staff, reg::UpdateEmployeeRequest, reg::Employee> update(
      group, globals, "update",
      "Change an employee's name, e-mail or roles (roles: admins); departments: set-department",
      &Staff::UpdateEmployee, StubFor<reg::StaffService>);
  auto* e = update.request->mutable_employee();
  auto masked = std::make_shared<MaskedOptions>();
  auto roles = std::make_shared<std::vector<std::string>>();
  update.command->add_option("name", *e->mutable_name(), "employees/<uuid>")->required();
  update.command->add_option("--etag", *e->mutable_etag(), "The etag as last read")->required();
  masked->Add(update.command->add_option("--full-name", *e->mutable_full_name(), "Full name"),
              "full_name");
  masked->Add(update.command->add_option("--email", *e->mutable_email(), "E-mail"), "email");
  masked->Add(update.command->add_option(
                  "--role", *roles,
                  "A system role (repeat for several; sales_manager, sales_head, analyst, "
                  "accountant, admin)"),
              "roles");
  update.Then([masked, roles](reg::UpdateEmployeeRequest& request) {
    masked->Fill(request.mutable_update_mask());
    request.mutable_employee()->clear_roles();
    for (const std::string& role : *roles) {
      request.mutable_employee()->add_roles(role);
    }
  });
}

void AddCuratorCommands(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("curators", "Managers responsible for clients per project");
  group->require_subcommand(1);

  UnaryCommand<Staff, reg::AssignCuratorRequest, reg::Curator> assign(
      group, globals, "assign", "Make an employee the curator of a client in a project",
      &Staff::AssignCurator, StubFor<reg::StaffService>);
  auto& a = *assign.request;
  assign.command->add_option("--client", *a.mutable_client(), "clients/<uuid>")->required();
  assign.command->add_option("--project", *a.mutable_project(), "projects/<uuid>")->required();
  assign.command->add_option("--employee", *a.mutable_employee(), "employees/<uuid>")->required();
  assign.command->add_option("--contact-person", *a.mutable_contact_person(),
                             "clients/<uuid>/contactPersons/<uuid> (optional)");

  UnaryCommand<Staff, reg::EndCuratorshipRequest, reg::Curator> end(
      group, globals, "end", "End a curator's term without a successor", &Staff::EndCuratorship,
      StubFor<reg::StaffService>);
  end.command->add_option("name", *end.request->mutable_name(), "clients/<uuid>/curators/<uuid>")
      ->required();

  UnaryCommand<Staff, reg::ListCuratorsRequest, reg::ListCuratorsResponse> list(
      group, globals, "list", "A client's curators", &Staff::ListCurators,
      StubFor<reg::StaffService>);
  list.command->add_option("--client", *list.request->mutable_parent(), "clients/<uuid>")
      ->required();
  auto history = std::make_shared<bool>(false);
  list.command->add_flag("--history", *history, "Include ended terms");
  list.Then([history](reg::ListCuratorsRequest& r) { r.set_show_history(*history); });
  list.WithPaging();

  UnaryCommand<Staff, reg::ListCuratorshipsOfEmployeeRequest,
               reg::ListCuratorshipsOfEmployeeResponse>
      of_employee(group, globals, "of-employee", "The clients an employee curates now",
                  &Staff::ListCuratorshipsOfEmployee, StubFor<reg::StaffService>);
  of_employee.command
      ->add_option("--employee", *of_employee.request->mutable_employee(), "employees/<uuid>")
      ->required();
  of_employee.WithPaging();

  UnaryCommand<Staff, reg::ReassignCuratorsRequest, reg::ReassignCuratorsResponse> reassign(
      group, globals, "reassign",
      "An employee leaves: hand all their clients to successors (round-robin) and mark them left",
      &Staff::ReassignCurators, StubFor<reg::StaffService>);
  reassign.command
      ->add_option("--employee", *reassign.request->mutable_employee(), "employees/<uuid>")
      ->required();
  reassign.WithList("--to", "employees/<uuid> taking over (repeat for several)",
                    &reg::ReassignCuratorsRequest::clear_successors,
                    &reg::ReassignCuratorsRequest::add_successors);
}

}  // namespace

void AddStaffCommands(CLI::App& app, Globals& globals) {
  AddEmployeeCommands(app, globals);
  AddCuratorCommands(app, globals);
}

}  // namespace crm::cli
