#include "services/registry/events/published.h"

#include <charconv>

#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "services/registry/domain/client_rules.h"
#include "services/registry/domain/exhibition_rules.h"
#include "services/registry/domain/group_rules.h"
#include "services/registry/domain/staff_org_rules.h"

namespace crm::registry {
namespace {

// "clients/{a}/contactPersons/{b}" -> "clients/{a}"; a child name always holds its parent's.
std::string ParentOf(const std::string& child_name) {
  auto first = child_name.find('/');
  auto second = child_name.find('/', first + 1);
  return child_name.substr(0, second);
}

void FillSnapshot(const v1::Client& client, events::v1::ClientSnapshot* snapshot) {
  snapshot->set_client(client.name());
  snapshot->set_display_name(client.display_name());
  snapshot->set_legal_name(client.legal_name());
  snapshot->set_inn(client.inn());
  snapshot->set_kpp(client.kpp());
  snapshot->set_ogrn(client.ogrn());
  snapshot->set_legal_address(client.legal_address());
  snapshot->set_phone(client.phone());
  snapshot->set_email(client.email());
  snapshot->set_legal_form(LegalFormText::Of(client.legal_form()));
  snapshot->set_postal_address(AddressLine(client.postal_address()));
  snapshot->set_postal_address_valid(client.postal_address_valid());
  snapshot->set_region_code(client.geography().region_code());
  snapshot->set_federal_district_code(client.geography().federal_district_code());
  snapshot->set_city(client.geography().city());
  snapshot->set_industry_code(client.industry_code());
  *snapshot->mutable_okved_codes() = client.okved_codes();
  for (const v1::Phone& phone : client.phones()) {
    snapshot->add_phones(phone.number());
  }
  *snapshot->mutable_emails() = client.emails();
  snapshot->set_website(client.website());
  snapshot->set_lead_source(client.lead_source());
  snapshot->set_lead_source_kind(LeadSourceKindText::Of(client.lead_source_kind()));
  snapshot->set_head_client(client.head_client());
  snapshot->set_verification_state(VerificationStateText::Of(client.verification_state()));
  for (const v1::BankAccount& account : client.bank_accounts()) {
    events::v1::ClientBankAccount* copy = snapshot->add_bank_accounts();
    copy->set_bik(account.bik());
    copy->set_account(account.account());
    copy->set_correspondent_account(account.correspondent_account());
    copy->set_bank_name(account.bank_name());
  }
  // The etag is the version number (client_store.cpp).
  int version = 0;
  const std::string& etag = client.etag();
  auto [end, error] = std::from_chars(etag.data(), etag.data() + etag.size(), version);
  if (error == std::errc() && end == etag.data() + etag.size()) {
    snapshot->set_version(version);
  }
}

void FillContactPerson(const v1::ContactPerson& person, events::v1::ContactPersonState* state) {
  state->set_contact_person(person.name());
  state->set_client(ParentOf(person.name()));
  state->set_full_name(person.full_name());
  state->set_position(person.position());
  for (const v1::Phone& phone : person.phones()) {
    state->add_phones(phone.number());
  }
  *state->mutable_emails() = person.emails();
  state->set_mailing_consent(person.mailing_consent());
  state->set_primary(person.primary());
  state->set_status(ContactPersonStatusText::Of(person.status()));
}

void FillTerm(const v1::Curator& curator, events::v1::CuratorTerm* term) {
  term->set_curator(curator.name());
  term->set_client(curator.client());
  term->set_project(curator.project());
  term->set_contact_person(curator.contact_person());
  term->set_employee(curator.employee());
  *term->mutable_start_time() = curator.start_time();
}

void FillProject(const v1::Project& project, events::v1::ProjectSnapshot* snapshot) {
  snapshot->set_project(project.name());
  snapshot->set_display_name(project.display_name());
  snapshot->set_description(project.description());
}

void FillCompetitor(const v1::CompetitorExhibition& exhibition,
                    events::v1::CompetitorExhibitionSnapshot* snapshot) {
  snapshot->set_competitor_exhibition(exhibition.name());
  snapshot->set_display_name(exhibition.display_name());
  snapshot->set_organizer(exhibition.organizer());
  snapshot->set_city(exhibition.city());
  snapshot->set_periodicity(PeriodicityText::Of(exhibition.periodicity()));
  if (exhibition.has_start_date()) {
    *snapshot->mutable_start_date() = exhibition.start_date();
    *snapshot->mutable_end_date() = exhibition.end_date();
  }
}

void FillParticipation(const v1::Participation& p, events::v1::ParticipationSnapshot* snapshot) {
  snapshot->set_participation(p.name());
  snapshot->set_client(p.name().substr(0, p.name().find("/participations/")));
  snapshot->set_edition(p.edition());
  snapshot->set_competitor_exhibition(p.competitor_exhibition());
  snapshot->set_year(p.year());
  snapshot->set_area_dm2(p.area_dm2());
}

void FillGroup(const v1::Group& group, events::v1::GroupSnapshot* snapshot) {
  snapshot->set_group(group.name());
  snapshot->set_display_name(group.display_name());
  snapshot->set_description(group.description());
  snapshot->set_kind(GroupKindText::Of(group.kind()));
  snapshot->set_owner(group.owner());
}

events::v1::GroupProposalSnapshot GroupProposalSnapshotOf(
    const v1::GroupMembershipProposal& proposal) {
  events::v1::GroupProposalSnapshot snapshot;
  snapshot.set_proposal(proposal.name());
  snapshot.set_group(proposal.group());
  snapshot.set_client(proposal.client());
  snapshot.set_proposer(proposal.proposer());
  snapshot.set_comment(proposal.comment());
  return snapshot;
}

events::v1::DepartmentSnapshot DepartmentSnapshotOf(const v1::Department& department) {
  events::v1::DepartmentSnapshot snapshot;
  snapshot.set_department(department.name());
  snapshot.set_display_name(department.display_name());
  snapshot.set_head(department.head());
  return snapshot;
}

events::v1::ProjectTeamMemberSnapshot MemberSnapshotOf(const v1::ProjectTeamMember& member) {
  events::v1::ProjectTeamMemberSnapshot snapshot;
  snapshot.set_project(member.name().substr(0, member.name().find("/teamMembers/")));
  snapshot.set_employee(member.employee());
  snapshot.set_role(ProjectTeamRoleText::Of(member.role()));
  return snapshot;
}

}  // namespace

events::v1::ClientCreated ClientCreatedEvent(const v1::Client& client) {
  events::v1::ClientCreated event;
  FillSnapshot(client, event.mutable_client());
  return event;
}

events::v1::ClientUpdated ClientUpdatedEvent(const v1::Client& client) {
  events::v1::ClientUpdated event;
  FillSnapshot(client, event.mutable_client());
  return event;
}

events::v1::ClientDeleted ClientDeletedEvent(const v1::Client& client) {
  events::v1::ClientDeleted event;
  event.set_client(client.name());
  return event;
}

events::v1::ClientUndeleted ClientUndeletedEvent(const v1::Client& client) {
  events::v1::ClientUndeleted event;
  FillSnapshot(client, event.mutable_client());
  return event;
}

events::v1::ContactPersonCreated ContactPersonCreatedEvent(const v1::ContactPerson& person) {
  events::v1::ContactPersonCreated event;
  event.set_contact_person(person.name());
  event.set_client(ParentOf(person.name()));
  event.set_full_name(person.full_name());
  event.set_position(person.position());
  event.set_phone(person.phone());
  event.set_email(person.email());
  for (const v1::Phone& phone : person.phones()) {
    event.add_phones(phone.number());
  }
  *event.mutable_emails() = person.emails();
  event.set_mailing_consent(person.mailing_consent());
  event.set_primary(person.primary());
  event.set_status(ContactPersonStatusText::Of(person.status()));
  return event;
}

events::v1::ContactPersonUpdated ContactPersonUpdatedEvent(const v1::ContactPerson& person) {
  events::v1::ContactPersonUpdated event;
  FillContactPerson(person, event.mutable_contact_person());
  return event;
}

events::v1::ContactPersonDeleted ContactPersonDeletedEvent(const v1::ContactPerson& person) {
  events::v1::ContactPersonDeleted event;
  event.set_contact_person(person.name());
  event.set_client(ParentOf(person.name()));
  return event;
}

events::v1::ContactPersonUndeleted ContactPersonUndeletedEvent(const v1::ContactPerson& person) {
  events::v1::ContactPersonUndeleted event;
  FillContactPerson(person, event.mutable_contact_person());
  return event;
}

events::v1::ClientRestored ClientRestoredEvent(const v1::Client& client, int restored_version) {
  events::v1::ClientRestored event;
  FillSnapshot(client, event.mutable_client());
  event.set_restored_version(restored_version);
  return event;
}

events::v1::EditionCreated EditionCreatedEvent(const v1::Edition& edition,
                                               const v1::Project& project) {
  events::v1::EditionCreated event;
  auto* snapshot = event.mutable_edition();
  snapshot->set_edition(edition.name());
  snapshot->set_display_name(edition.display_name());
  snapshot->set_project(project.name());
  snapshot->set_project_display_name(project.display_name());
  *snapshot->mutable_start_date() = edition.start_date();
  *snapshot->mutable_end_date() = edition.end_date();
  snapshot->set_venue(edition.venue());
  *snapshot->mutable_price_per_m2() = edition.price_per_m2();
  return event;
}

events::v1::EmployeeCreated EmployeeCreatedEvent(const v1::Employee& employee) {
  events::v1::EmployeeCreated event;
  auto* snapshot = event.mutable_employee();
  snapshot->set_employee(employee.name());
  snapshot->set_full_name(employee.full_name());
  snapshot->set_email(employee.email());
  snapshot->set_department(employee.department());
  return event;
}

events::v1::EmployeeUpdated EmployeeUpdatedEvent(const v1::Employee& employee) {
  events::v1::EmployeeUpdated event;
  // The snapshot is the one employee.created carries, so consumers reuse its handling.
  *event.mutable_employee() = EmployeeCreatedEvent(employee).employee();
  for (const std::string& role : employee.roles()) {
    event.add_roles(role);
  }
  event.set_status(employee.status() == v1::EMPLOYEE_STATUS_LEFT ? "left" : "active");
  event.set_department_unit(employee.department_unit());
  return event;
}

events::v1::CuratorAssigned CuratorAssignedEvent(const v1::Curator& curator,
                                                 const std::string& previous_employee) {
  events::v1::CuratorAssigned event;
  FillTerm(curator, event.mutable_curator());
  event.set_previous_employee(previous_employee);
  event.set_assigned_by(curator.assigned_by());
  return event;
}

events::v1::CuratorEnded CuratorEndedEvent(const v1::Curator& curator) {
  events::v1::CuratorEnded event;
  FillTerm(curator, event.mutable_curator());
  event.set_ended_by(curator.ended_by());
  return event;
}

events::v1::CuratorsReassigned CuratorsReassignedEvent(const v1::ReassignCuratorsResponse& result,
                                                       const std::string& reassigned_by) {
  events::v1::CuratorsReassigned event;
  event.set_from_employee(result.employee().name());
  event.set_reassigned_count(result.reassigned_count());
  for (const auto& count : result.counts()) {
    auto* out = event.add_counts();
    out->set_employee(count.employee());
    out->set_count(count.count());
  }
  for (const auto& curator : result.curators()) {
    FillTerm(curator, event.add_curators());
  }
  event.set_reassigned_by(reassigned_by);
  return event;
}

events::v1::ProjectCreated ProjectCreatedEvent(const v1::Project& project) {
  events::v1::ProjectCreated event;
  FillProject(project, event.mutable_project());
  return event;
}

events::v1::ProjectUpdated ProjectUpdatedEvent(const v1::Project& project) {
  events::v1::ProjectUpdated event;
  FillProject(project, event.mutable_project());
  return event;
}

events::v1::EditionUpdated EditionUpdatedEvent(const v1::Edition& edition,
                                               const v1::Project& project) {
  events::v1::EditionUpdated event;
  *event.mutable_edition() = EditionCreatedEvent(edition, project).edition();
  event.set_status(EditionStatusText::Of(edition.status()));
  for (const v1::StandPrice& price : edition.stand_prices()) {
    auto* out = event.add_stand_prices();
    out->set_stand_type(StandTypeText::Of(price.stand_type()));
    *out->mutable_price_per_m2() = price.price_per_m2();
  }
  return event;
}

events::v1::CompetitorExhibitionCreated CompetitorExhibitionCreatedEvent(
    const v1::CompetitorExhibition& exhibition) {
  events::v1::CompetitorExhibitionCreated event;
  FillCompetitor(exhibition, event.mutable_competitor_exhibition());
  return event;
}

events::v1::CompetitorExhibitionUpdated CompetitorExhibitionUpdatedEvent(
    const v1::CompetitorExhibition& exhibition) {
  events::v1::CompetitorExhibitionUpdated event;
  FillCompetitor(exhibition, event.mutable_competitor_exhibition());
  return event;
}

events::v1::ParticipationRecorded ParticipationRecordedEvent(const v1::Participation& p) {
  events::v1::ParticipationRecorded event;
  FillParticipation(p, event.mutable_participation());
  return event;
}

events::v1::ParticipationUpdated ParticipationUpdatedEvent(const v1::Participation& p,
                                                           int64_t previous_area_dm2) {
  events::v1::ParticipationUpdated event;
  FillParticipation(p, event.mutable_participation());
  event.set_previous_area_dm2(previous_area_dm2);
  return event;
}

events::v1::ParticipationDeleted ParticipationDeletedEvent(const v1::Participation& p) {
  events::v1::ParticipationDeleted event;
  FillParticipation(p, event.mutable_participation());
  return event;
}

events::v1::GroupCreated GroupCreatedEvent(const v1::Group& group) {
  events::v1::GroupCreated event;
  FillGroup(group, event.mutable_group());
  return event;
}

events::v1::GroupUpdated GroupUpdatedEvent(const v1::Group& group) {
  events::v1::GroupUpdated event;
  FillGroup(group, event.mutable_group());
  return event;
}

events::v1::GroupDeleted GroupDeletedEvent(const v1::Group& group) {
  events::v1::GroupDeleted event;
  event.set_group(group.name());
  return event;
}

events::v1::ClientFlagged ClientFlaggedEvent(const v1::VerificationItem& item,
                                             const std::string& flagged_by) {
  events::v1::ClientFlagged event;
  event.set_client(item.client());
  event.set_verification_item(item.name());
  event.set_flagged_by(flagged_by);
  event.set_problem(item.problem());
  *event.mutable_field_paths() = item.field_paths();
  event.set_comment(item.comment());
  return event;
}

events::v1::ClientPostalAddressInvalidated ClientPostalAddressInvalidatedEvent(
    const v1::VerificationItem& item, const std::string& reported_by) {
  events::v1::ClientPostalAddressInvalidated event;
  event.set_client(item.client());
  event.set_verification_item(item.name());
  event.set_reported_by(reported_by);
  event.set_problem(item.problem());
  event.set_comment(item.comment());
  return event;
}

events::v1::ClientImportCompleted ClientImportCompletedEvent(const v1::ClientImport& import,
                                                             const std::string& run_by) {
  events::v1::ClientImportCompleted event;
  event.set_import(import.name());
  event.set_file_name(import.file_name());
  event.set_file_sha256(import.file_sha256());
  event.set_total_rows(import.total_rows());
  event.set_created(import.counts().created());
  event.set_updated(import.counts().updated());
  event.set_unchanged(import.counts().unchanged());
  event.set_duplicate(import.counts().duplicate());
  event.set_error(import.counts().error());
  event.set_run_by(run_by);
  *event.mutable_complete_time() = import.complete_time();
  return event;
}

events::v1::MailingSelectionChanged MailingSelectionChangedEvent(
    const v1::MailingSelection& selection, const std::string& changed_by) {
  events::v1::MailingSelectionChanged event;
  event.set_selection(selection.name());
  event.set_display_name(selection.display_name());
  event.set_owner(selection.owner());
  event.set_subscribed_only(selection.subscribed_only());
  event.set_valid_postal_address_only(selection.valid_postal_address_only());
  event.set_filter_json(common::bus::ToJson(selection.filter()));
  event.set_changed_by(changed_by);
  return event;
}

events::v1::MailingExportCreated MailingExportCreatedEvent(const v1::MailingExport& made) {
  events::v1::MailingExportCreated event;
  event.set_mailing_export(made.name());
  event.set_selection(made.selection());
  event.set_recipient_count(made.recipient_count());
  event.set_created_by(made.creator());
  return event;
}

events::v1::ClientVerified ClientVerifiedEvent(const v1::Client& client,
                                               const std::string& verified_by,
                                               const std::string& comment,
                                               bool postal_address_confirmed) {
  events::v1::ClientVerified event;
  event.set_client(client.name());
  event.set_verified_by(verified_by);
  event.set_comment(comment);
  event.set_postal_address_confirmed(postal_address_confirmed);
  return event;
}

events::v1::ClientRejected ClientRejectedEvent(const v1::Client& client,
                                               const std::string& rejected_by,
                                               const std::string& reason) {
  events::v1::ClientRejected event;
  event.set_client(client.name());
  event.set_rejected_by(rejected_by);
  event.set_reason(reason);
  return event;
}

events::v1::ClientMerged ClientMergedEvent(const v1::Merge& merge, const std::string& merged_by) {
  events::v1::ClientMerged event;
  event.set_survivor(merge.survivor());
  *event.mutable_merged() = merge.merged();
  event.set_merge(merge.name());
  event.set_merged_by(merged_by);
  event.set_moved_contact_persons(merge.moved_contact_persons());
  event.set_moved_group_memberships(merge.moved_group_memberships());
  event.set_moved_participations(merge.moved_participations());
  event.set_moved_curators(merge.moved_curators());
  return event;
}

events::v1::ClientMergeUndone ClientMergeUndoneEvent(const v1::Merge& merge) {
  events::v1::ClientMergeUndone event;
  event.set_survivor(merge.survivor());
  *event.mutable_restored() = merge.merged();
  event.set_merge(merge.name());
  return event;
}

events::v1::DepartmentCreated DepartmentCreatedEvent(const v1::Department& department) {
  events::v1::DepartmentCreated event;
  *event.mutable_department() = DepartmentSnapshotOf(department);
  return event;
}

events::v1::DepartmentUpdated DepartmentUpdatedEvent(const v1::Department& department) {
  events::v1::DepartmentUpdated event;
  *event.mutable_department() = DepartmentSnapshotOf(department);
  return event;
}

events::v1::DepartmentDeleted DepartmentDeletedEvent(const v1::Department& department) {
  events::v1::DepartmentDeleted event;
  event.set_department(department.name());
  return event;
}

events::v1::ProjectTeamMemberSet ProjectTeamMemberSetEvent(const v1::ProjectTeamMember& member,
                                                           const std::string& previous_role) {
  events::v1::ProjectTeamMemberSet event;
  *event.mutable_member() = MemberSnapshotOf(member);
  event.set_previous_role(previous_role);
  return event;
}

events::v1::ProjectTeamMemberRemoved ProjectTeamMemberRemovedEvent(
    const v1::ProjectTeamMember& member) {
  events::v1::ProjectTeamMemberRemoved event;
  *event.mutable_member() = MemberSnapshotOf(member);
  return event;
}

events::v1::GroupMembersChanged GroupMembersChangedEvent(const v1::Group& group,
                                                         const std::vector<std::string>& client_ids,
                                                         bool added, int64_t changed_count,
                                                         int64_t member_count) {
  events::v1::GroupMembersChanged event;
  event.set_group(group.name());
  for (const std::string& id : client_ids) {
    (added ? event.add_added() : event.add_removed())->assign(common::ResourceName("clients", id));
  }
  event.set_changed_count(changed_count);
  event.set_member_count(member_count);
  return event;
}

events::v1::GroupMembersChangedByFilter GroupMembersChangedByFilterEvent(
    const v1::Group& group, bool added, int64_t changed_count, int64_t member_count,
    const std::vector<std::string>& sample_ids, const std::string& changed_by) {
  events::v1::GroupMembersChangedByFilter event;
  event.set_group(group.name());
  event.set_change(added ? "added" : "removed");
  event.set_changed_count(changed_count);
  event.set_member_count(member_count);
  for (const std::string& id : sample_ids) {
    event.add_sample(common::ResourceName("clients", id));
  }
  event.set_sample_truncated(changed_count > static_cast<int64_t>(sample_ids.size()));
  event.set_changed_by(changed_by);
  return event;
}

events::v1::GroupProposalCreated GroupProposalCreatedEvent(
    const v1::GroupMembershipProposal& proposal) {
  events::v1::GroupProposalCreated event;
  *event.mutable_proposal() = GroupProposalSnapshotOf(proposal);
  return event;
}

events::v1::GroupProposalAccepted GroupProposalAcceptedEvent(
    const v1::GroupMembershipProposal& proposal, int64_t member_count) {
  events::v1::GroupProposalAccepted event;
  *event.mutable_proposal() = GroupProposalSnapshotOf(proposal);
  event.set_decider(proposal.decider());
  event.set_member_count(member_count);
  return event;
}

events::v1::GroupProposalRejected GroupProposalRejectedEvent(
    const v1::GroupMembershipProposal& proposal) {
  events::v1::GroupProposalRejected event;
  *event.mutable_proposal() = GroupProposalSnapshotOf(proposal);
  event.set_decider(proposal.decider());
  event.set_reason(proposal.reason());
  return event;
}

events::v1::ProjectTargetGroupsSet ProjectTargetGroupsSetEvent(
    const std::string& project, const std::vector<std::string>& groups,
    const std::vector<std::string>& linked, const std::vector<std::string>& unlinked,
    const std::string& set_by) {
  events::v1::ProjectTargetGroupsSet event;
  event.set_project(project);
  for (const std::string& group : groups) {
    event.add_groups(group);
  }
  for (const std::string& group : linked) {
    event.add_linked(group);
  }
  for (const std::string& group : unlinked) {
    event.add_unlinked(group);
  }
  event.set_set_by(set_by);
  return event;
}

events::v1::MailingReturnedMailMarked MailingReturnedMailMarkedEvent(
    const v1::MailingExport& mailing_export, const std::vector<std::string>& client_ids,
    const std::vector<int>& row_numbers, const std::string& marked_by) {
  events::v1::MailingReturnedMailMarked event;
  event.set_mailing_export(mailing_export.name());
  for (const std::string& id : client_ids) {
    event.add_clients(common::ResourceName("clients", id));
  }
  for (int row : row_numbers) {
    event.add_row_numbers(row);
  }
  event.set_marked_by(marked_by);
  return event;
}

}  // namespace crm::registry
