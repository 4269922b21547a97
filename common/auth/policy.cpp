#include "common/auth/policy.h"

#include <algorithm>
#include <iterator>

namespace crm::common::auth {
namespace {

using enum Role;

// Who may call each RPC, by full gRPC method name, grouped by service. Admins pass every row.
// A row names the record rule (access.h) when the handler applies one to the records it reads
// or writes; the role check here comes first, the record rule then narrows what the caller
// reaches. Every RPC of every service has exactly one row: crm_access_matrix_test calls each
// method with each role and fails on a method without a row or a row without a method.
constexpr RpcRule kRules[] = {
    // crm.registry.v1.ClientQualityService
    {"/crm.registry.v1.ClientQualityService/CheckDuplicates",
     {kSalesManager, kSalesHead, kAnalyst, kAccountant, kService}},
    {"/crm.registry.v1.ClientQualityService/ListVerificationQueue", {kAnalyst}},
    {"/crm.registry.v1.ClientQualityService/VerifyClient", {kAnalyst}},
    {"/crm.registry.v1.ClientQualityService/RejectClient", {kAnalyst}},
    {"/crm.registry.v1.ClientQualityService/FlagClient",
     {kSalesManager, kSalesHead, kAccountant, kAnalyst}},
    {"/crm.registry.v1.ClientQualityService/MarkPostalAddressInvalid", {kAnalyst, kService}},
    {"/crm.registry.v1.ClientQualityService/MergeClients", {kAnalyst}},
    {"/crm.registry.v1.ClientQualityService/GetMerge", {kAnalyst}},
    {"/crm.registry.v1.ClientQualityService/UndoMerge", {kAnalyst}},
    {"/crm.registry.v1.ClientQualityService/FindDuplicates", {kAnalyst}},

    // crm.registry.v1.ExhibitionService
    {"/crm.registry.v1.ExhibitionService/GetProject", kAnyCrmRole},
    {"/crm.registry.v1.ExhibitionService/UpdateProject", {kAnalyst, kSalesHead}},
    {"/crm.registry.v1.ExhibitionService/GetEdition", kAnyCrmRole},
    {"/crm.registry.v1.ExhibitionService/UpdateEdition", {kAnalyst, kSalesHead}},
    {"/crm.registry.v1.ExhibitionService/CreateCompetitorExhibition", {kAnalyst}},
    {"/crm.registry.v1.ExhibitionService/GetCompetitorExhibition", kAnyCrmRole},
    {"/crm.registry.v1.ExhibitionService/UpdateCompetitorExhibition", {kAnalyst}},
    {"/crm.registry.v1.ExhibitionService/ListCompetitorExhibitions", kAnyCrmRole},
    {"/crm.registry.v1.ExhibitionService/CreateParticipation", {kAnalyst}},
    {"/crm.registry.v1.ExhibitionService/DeleteParticipation", {kAnalyst}},
    {"/crm.registry.v1.ExhibitionService/ListParticipations", kAnyCrmRole},
    {"/crm.registry.v1.ExhibitionService/SetProjectTargetGroups", {kAnalyst, kSalesHead}},
    {"/crm.registry.v1.ExhibitionService/ListProjectTargetGroups", kAnyCrmRole},
    {"/crm.registry.v1.ExhibitionService/ListProjectClients", kAnyCrmRole},

    // crm.registry.v1.GroupService
    // Groups are read by all the staff; sales propose clients for shared groups and analysts
    // decide. Accountants take no part in proposals.
    {"/crm.registry.v1.GroupService/CreateGroup",
     {kSalesManager, kSalesHead, kAnalyst, kAccountant}},
    {"/crm.registry.v1.GroupService/GetGroup", {kSalesManager, kSalesHead, kAnalyst, kAccountant}},
    {"/crm.registry.v1.GroupService/UpdateGroup",
     {kSalesManager, kSalesHead, kAnalyst, kAccountant}},
    {"/crm.registry.v1.GroupService/DeleteGroup",
     {kSalesManager, kSalesHead, kAnalyst, kAccountant}},
    {"/crm.registry.v1.GroupService/ListGroups",
     {kSalesManager, kSalesHead, kAnalyst, kAccountant}},
    {"/crm.registry.v1.GroupService/AddGroupMembers",
     {kSalesManager, kSalesHead, kAnalyst, kAccountant}},
    {"/crm.registry.v1.GroupService/RemoveGroupMembers",
     {kSalesManager, kSalesHead, kAnalyst, kAccountant}},
    {"/crm.registry.v1.GroupService/ListGroupMembers",
     {kSalesManager, kSalesHead, kAnalyst, kAccountant}},
    {"/crm.registry.v1.GroupService/ListClientGroups",
     {kSalesManager, kSalesHead, kAnalyst, kAccountant}},
    {"/crm.registry.v1.GroupService/AddGroupMembersByFilter",
     {kSalesManager, kSalesHead, kAnalyst, kAccountant}},
    {"/crm.registry.v1.GroupService/RemoveGroupMembersByFilter",
     {kSalesManager, kSalesHead, kAnalyst, kAccountant}},
    {"/crm.registry.v1.GroupService/ProposeGroupMembership", {kSalesManager, kSalesHead}},
    {"/crm.registry.v1.GroupService/GetGroupMembershipProposal",
     {kSalesManager, kSalesHead, kAnalyst}},
    {"/crm.registry.v1.GroupService/ListGroupMembershipProposals",
     {kSalesManager, kSalesHead, kAnalyst}},
    {"/crm.registry.v1.GroupService/AcceptGroupMembershipProposal", {kAnalyst}},
    {"/crm.registry.v1.GroupService/RejectGroupMembershipProposal", {kAnalyst}},

    // crm.registry.v1.ImportService
    {"/crm.registry.v1.ImportService/CreateImport", {kAnalyst}},
    {"/crm.registry.v1.ImportService/RunImport", {kAnalyst}},
    {"/crm.registry.v1.ImportService/GetImport", {kAnalyst}},
    {"/crm.registry.v1.ImportService/ListImportRows", {kAnalyst}},

    // crm.registry.v1.MailingService
    // Who mails: sales and analysts.
    {"/crm.registry.v1.MailingService/CreateMailingSelection",
     {kSalesManager, kSalesHead, kAnalyst}},
    {"/crm.registry.v1.MailingService/GetMailingSelection", {kSalesManager, kSalesHead, kAnalyst}},
    {"/crm.registry.v1.MailingService/UpdateMailingSelection",
     {kSalesManager, kSalesHead, kAnalyst}},
    {"/crm.registry.v1.MailingService/DeleteMailingSelection",
     {kSalesManager, kSalesHead, kAnalyst}},
    {"/crm.registry.v1.MailingService/ListMailingSelections",
     {kSalesManager, kSalesHead, kAnalyst}},
    {"/crm.registry.v1.MailingService/CreateMailingExport", {kSalesManager, kSalesHead, kAnalyst}},
    {"/crm.registry.v1.MailingService/GetMailingExport", {kSalesManager, kSalesHead, kAnalyst}},
    {"/crm.registry.v1.MailingService/DownloadMailingExport",
     {kSalesManager, kSalesHead, kAnalyst}},
    {"/crm.registry.v1.MailingService/MarkReturnedMail", {kAnalyst, kService}},

    // crm.registry.v1.RegistryService
    {"/crm.registry.v1.RegistryService/CreateClient", kAnyCrmRole, Records::kClients},
    {"/crm.registry.v1.RegistryService/GetClient", kAnyCrmRole},
    {"/crm.registry.v1.RegistryService/SearchClients", kAnyCrmRole},
    {"/crm.registry.v1.RegistryService/UpdateClient",
     {kSalesManager, kSalesHead, kAnalyst, kAccountant},
     Records::kClients},
    {"/crm.registry.v1.RegistryService/DeleteClient", {kAnalyst}},
    {"/crm.registry.v1.RegistryService/UndeleteClient", {kAnalyst}},
    {"/crm.registry.v1.RegistryService/CreateContactPerson",
     {kSalesManager, kSalesHead, kAnalyst},
     Records::kClients},
    {"/crm.registry.v1.RegistryService/ListContactPersons", kAnyCrmRole},
    {"/crm.registry.v1.RegistryService/GetContactPerson", kAnyCrmRole},
    {"/crm.registry.v1.RegistryService/UpdateContactPerson",
     {kSalesManager, kSalesHead, kAnalyst},
     Records::kClients},
    {"/crm.registry.v1.RegistryService/DeleteContactPerson",
     {kSalesManager, kSalesHead, kAnalyst},
     Records::kClients},
    {"/crm.registry.v1.RegistryService/UndeleteContactPerson",
     {kSalesManager, kSalesHead, kAnalyst},
     Records::kClients},
    {"/crm.registry.v1.RegistryService/ListClientHistory", kAnyCrmRole},
    {"/crm.registry.v1.RegistryService/RestoreClientVersion",
     {kSalesManager, kSalesHead, kAnalyst, kAccountant},
     Records::kClients},
    {"/crm.registry.v1.RegistryService/ListResourceHistory", kAnyCrmRole},
    {"/crm.registry.v1.RegistryService/RestoreResourceVersion", kAnyCrmRole, Records::kClients},
    {"/crm.registry.v1.RegistryService/CreateProject", {kSalesHead}},
    {"/crm.registry.v1.RegistryService/ListProjects", kAnyCrmRole},
    {"/crm.registry.v1.RegistryService/CreateEdition", {kSalesHead}},
    {"/crm.registry.v1.RegistryService/ListEditions", kAnyCrmRole},
    {"/crm.registry.v1.RegistryService/CreateEmployee", {kSalesHead}},
    {"/crm.registry.v1.RegistryService/ListEmployees", kAnyCrmRole},

    // crm.registry.v1.StaffService
    {"/crm.registry.v1.StaffService/GetEmployee", kAnyCrmRole},
    {"/crm.registry.v1.StaffService/UpdateEmployee", {kSalesHead}},
    {"/crm.registry.v1.StaffService/AssignCurator", {kSalesHead, kAnalyst}},
    {"/crm.registry.v1.StaffService/EndCuratorship", {kSalesHead, kAnalyst}},
    {"/crm.registry.v1.StaffService/ListCurators", kAnyCrmRole},
    {"/crm.registry.v1.StaffService/ListCuratorshipsOfEmployee", kAnyCrmRole},
    {"/crm.registry.v1.StaffService/ReassignCurators", {kSalesHead, kAnalyst}},
    // Departments are the organisation's structure: admins only. A project's team is run by
    // heads of sales and analysts.
    {"/crm.registry.v1.StaffService/CreateDepartment", {kAdmin}},
    {"/crm.registry.v1.StaffService/GetDepartment", kAnyCrmRole},
    {"/crm.registry.v1.StaffService/UpdateDepartment", {kAdmin}},
    {"/crm.registry.v1.StaffService/DeleteDepartment", {kAdmin}},
    {"/crm.registry.v1.StaffService/ListDepartments", kAnyCrmRole},
    {"/crm.registry.v1.StaffService/SetEmployeeDepartment", {kAdmin}},
    {"/crm.registry.v1.StaffService/ListDepartmentMembers", kAnyCrmRole},
    {"/crm.registry.v1.StaffService/SetProjectTeamMember", {kSalesHead, kAnalyst}},
    {"/crm.registry.v1.StaffService/RemoveProjectTeamMember", {kSalesHead, kAnalyst}},
    {"/crm.registry.v1.StaffService/ListProjectTeamMembers", kAnyCrmRole},

    // crm.planning.v1.AssessmentService
    // Readers: everyone who works with clients or reports on them. Writers: sales staff; a
    // manager only for the clients they curate (the record rule on clients).
    {"/crm.planning.v1.AssessmentService/SetReadiness",
     {kSalesManager, kSalesHead},
     Records::kClients},
    {"/crm.planning.v1.AssessmentService/GetReadiness",
     {kSalesManager, kSalesHead, kAnalyst, kService}},
    {"/crm.planning.v1.AssessmentService/ListReadinessHistory",
     {kSalesManager, kSalesHead, kAnalyst, kService}},
    {"/crm.planning.v1.AssessmentService/SetLeadSource",
     {kSalesManager, kSalesHead},
     Records::kClients},
    {"/crm.planning.v1.AssessmentService/GetLeadSource",
     {kSalesManager, kSalesHead, kAnalyst, kService}},
    {"/crm.planning.v1.AssessmentService/RecordRating",
     {kSalesManager, kSalesHead},
     Records::kClients},
    {"/crm.planning.v1.AssessmentService/ListRatings",
     {kSalesManager, kSalesHead, kAnalyst, kService}},

    // crm.planning.v1.CalendarService
    {"/crm.planning.v1.CalendarService/UpdateContact",
     {kSalesManager, kSalesHead},
     Records::kTasks},
    {"/crm.planning.v1.CalendarService/CancelContact",
     {kSalesManager, kSalesHead},
     Records::kTasks},
    {"/crm.planning.v1.CalendarService/ListCalendar", kAnyCrmRole, Records::kTasks},
    {"/crm.planning.v1.CalendarService/ListOverdueContacts", kAnyCrmRole, Records::kTasks},
    {"/crm.planning.v1.CalendarService/ListClientTimeline", kAnyCrmRole, Records::kTasks},
    {"/crm.planning.v1.CalendarService/ReassignContacts", {kSalesHead}, Records::kTasks},
    {"/crm.planning.v1.CalendarService/GetCalendarSettings", kAnyCrmRole, Records::kTasks},
    {"/crm.planning.v1.CalendarService/UpdateCalendarSettings", kAnyCrmRole},
    {"/crm.planning.v1.CalendarService/WatchReminders", kAnyCrmRole, Records::kTasks},

    // crm.planning.v1.CatalogueService
    {"/crm.planning.v1.CatalogueService/CreateRefusalReason", {kAdmin}},
    {"/crm.planning.v1.CatalogueService/GetRefusalReason", kAnyCrmRole},
    {"/crm.planning.v1.CatalogueService/ListRefusalReasons", kAnyCrmRole},
    {"/crm.planning.v1.CatalogueService/UpdateRefusalReason", {kAdmin}},
    {"/crm.planning.v1.CatalogueService/DeactivateRefusalReason", {kAdmin}},
    {"/crm.planning.v1.CatalogueService/ReactivateRefusalReason", {kAdmin}},

    // crm.planning.v1.ContactStatsService
    {"/crm.planning.v1.ContactStatsService/GetContactStats", kAnyCrmRole, Records::kTasks},

    // crm.planning.v1.PlanningService
    {"/crm.planning.v1.PlanningService/PlanContact", {kSalesManager, kSalesHead}, Records::kTasks},
    {"/crm.planning.v1.PlanningService/GetContact", kAnyCrmRole, Records::kTasks},
    {"/crm.planning.v1.PlanningService/ListContacts", kAnyCrmRole, Records::kTasks},
    {"/crm.planning.v1.PlanningService/CompleteContact",
     {kSalesManager, kSalesHead},
     Records::kTasks},
    {"/crm.planning.v1.PlanningService/GetSale", kAnyCrmRole, Records::kSales},
    {"/crm.planning.v1.PlanningService/ListSales", kAnyCrmRole, Records::kSales},

    // crm.planning.v1.RedirectService
    {"/crm.planning.v1.RedirectService/CreateRedirect",
     {kSalesManager, kSalesHead},
     Records::kTasks},
    {"/crm.planning.v1.RedirectService/GetRedirect", kAnyCrmRole, Records::kTasks},
    {"/crm.planning.v1.RedirectService/ListRedirects", kAnyCrmRole, Records::kTasks},
    {"/crm.planning.v1.RedirectService/UpdateRedirectStatus",
     {kSalesManager, kSalesHead},
     Records::kTasks},
    {"/crm.planning.v1.RedirectService/ClaimRedirect", {kSalesManager, kSalesHead}},

    // crm.planning.v1.SaleService
    {"/crm.planning.v1.SaleService/AmendSale", {kSalesManager, kSalesHead}, Records::kSales},
    {"/crm.planning.v1.SaleService/CancelSale", {kSalesManager, kSalesHead}, Records::kSales},
    {"/crm.planning.v1.SaleService/ApproveSale", {kSalesHead, kAdmin}, Records::kSales},
    {"/crm.planning.v1.SaleService/RejectSale", {kSalesHead, kAdmin}, Records::kSales},
    {"/crm.planning.v1.SaleService/ListSaleHistory", kAnyCrmRole, Records::kSales},

    // crm.planning.v1.StandService
    // Whoever works with sales reads the inventory; heads of sales keep the floor plan and the
    // sales policy.
    {"/crm.planning.v1.StandService/ImportStands", {kSalesHead, kAdmin}},
    {"/crm.planning.v1.StandService/ListStands",
     {kSalesManager, kSalesHead, kAnalyst, kAccountant, kAdmin}},
    {"/crm.planning.v1.StandService/GetStand",
     {kSalesManager, kSalesHead, kAnalyst, kAccountant, kAdmin}},
    {"/crm.planning.v1.StandService/UpdateStand", {kSalesHead, kAdmin}},
    {"/crm.planning.v1.StandService/BlockStand", {kSalesHead, kAdmin}},
    {"/crm.planning.v1.StandService/UnblockStand", {kSalesHead, kAdmin}},
    {"/crm.planning.v1.StandService/HoldStand", {kSalesManager, kSalesHead}},
    {"/crm.planning.v1.StandService/ReleaseStand",
     {kSalesManager, kSalesHead, kAdmin},
     Records::kSales},
    {"/crm.planning.v1.StandService/GetSalesBoard",
     {kSalesManager, kSalesHead, kAnalyst, kAccountant, kAdmin}},
    {"/crm.planning.v1.StandService/GetSalesPolicy",
     {kSalesManager, kSalesHead, kAnalyst, kAccountant, kAdmin}},
    {"/crm.planning.v1.StandService/UpdateSalesPolicy", {kSalesHead, kAdmin}},

    // crm.documents.v1.DocumentService
    // Documents are read by sales, accountants and analysts and their state is changed by the
    // sale's manager, their head and accountants, each under the record rule on documents;
    // accountants keep the issuers and read templates, admins write templates.
    {"/crm.documents.v1.DocumentService/CreateIssuer", {kAccountant}},
    {"/crm.documents.v1.DocumentService/UpdateIssuer", {kAccountant}},
    {"/crm.documents.v1.DocumentService/ListIssuers",
     {kSalesManager, kSalesHead, kAccountant, kAnalyst}},
    {"/crm.documents.v1.DocumentService/GetDocument",
     {kSalesManager, kSalesHead, kAccountant, kAnalyst},
     Records::kDocuments},
    {"/crm.documents.v1.DocumentService/ListDocuments",
     {kSalesManager, kSalesHead, kAccountant, kAnalyst},
     Records::kDocuments},
    {"/crm.documents.v1.DocumentService/DownloadDocument",
     {kSalesManager, kSalesHead, kAccountant, kAnalyst},
     Records::kDocuments},
    {"/crm.documents.v1.DocumentService/CloseEdition", {kAccountant}},
    {"/crm.documents.v1.DocumentService/MarkDocumentSent",
     {kSalesManager, kSalesHead, kAccountant},
     Records::kDocuments},
    {"/crm.documents.v1.DocumentService/MarkDocumentSigned",
     {kSalesManager, kSalesHead, kAccountant},
     Records::kDocuments},
    {"/crm.documents.v1.DocumentService/AttachDocumentScan",
     {kSalesManager, kSalesHead, kAccountant},
     Records::kDocuments},
    {"/crm.documents.v1.DocumentService/CreateDocumentTemplate", {kAdmin}},
    {"/crm.documents.v1.DocumentService/ListDocumentTemplates", {kAccountant}},
    {"/crm.documents.v1.DocumentService/PreviewDocumentTemplate", {kAccountant}},
    {"/crm.documents.v1.DocumentService/ActivateDocumentTemplate", {kAdmin}},
    {"/crm.documents.v1.DocumentService/DownloadDocumentScan",
     {kSalesManager, kSalesHead, kAccountant, kAnalyst},
     Records::kDocuments},
    {"/crm.documents.v1.DocumentService/StreamDocument",
     {kSalesManager, kSalesHead, kAccountant, kAnalyst},
     Records::kDocuments},
    // A draft is rendered again and issued by those who change the sale's documents.
    {"/crm.documents.v1.DocumentService/RenderDocumentDraft",
     {kSalesManager, kSalesHead, kAccountant},
     Records::kDocuments},
    {"/crm.documents.v1.DocumentService/IssueDocument",
     {kSalesManager, kSalesHead, kAccountant},
     Records::kDocuments},

    // crm.accounting.v1.AccountingService
    // What was sent to 1C: read by the accountants who reconcile it and the people who report
    // on sales. Bank statements and payments are the accountants' work alone. The 1C exchange:
    // accountants, and 1C itself (or the job that carries its messages) under the service role.
    {"/crm.accounting.v1.AccountingService/GetExport", {kAccountant, kSalesHead, kAnalyst}},
    {"/crm.accounting.v1.AccountingService/ListExports", {kAccountant, kSalesHead, kAnalyst}},
    {"/crm.accounting.v1.AccountingService/ImportBankStatement", {kAccountant}},
    {"/crm.accounting.v1.AccountingService/GetPayment", {kAccountant}},
    {"/crm.accounting.v1.AccountingService/ListPayments", {kAccountant}},
    {"/crm.accounting.v1.AccountingService/MatchPayment", {kAccountant}},
    {"/crm.accounting.v1.AccountingService/UnmatchPayment", {kAccountant}},
    {"/crm.accounting.v1.AccountingService/GetReceivables", kAnyCrmRole, Records::kSales},
    {"/crm.accounting.v1.AccountingService/GetBudget", kAnyCrmRole, Records::kBudgets},
    {"/crm.accounting.v1.AccountingService/UpdateBudget", kAnyCrmRole, Records::kBudgets},
    {"/crm.accounting.v1.AccountingService/ImportBudgetPlan", kAnyCrmRole, Records::kBudgets},
    {"/crm.accounting.v1.AccountingService/CreateBudgetCost", kAnyCrmRole, Records::kBudgets},
    {"/crm.accounting.v1.AccountingService/ListBudgetCosts", kAnyCrmRole, Records::kBudgets},
    {"/crm.accounting.v1.AccountingService/DeleteBudgetCost", kAnyCrmRole, Records::kBudgets},
    {"/crm.accounting.v1.AccountingService/GetBudgetReport", kAnyCrmRole, Records::kBudgets},
    {"/crm.accounting.v1.AccountingService/RunExchange", {kAccountant, kService}},
    {"/crm.accounting.v1.AccountingService/ReceiveExchangeMessage", {kAccountant, kService}},
    {"/crm.accounting.v1.AccountingService/GetExchangeStatus", {kAccountant, kService}},

    // crm.analytics.v1.AnalyticsService
    {"/crm.analytics.v1.AnalyticsService/GetManagerReport",
     {kSalesManager, kSalesHead, kAnalyst},
     Records::kReports},
    {"/crm.analytics.v1.AnalyticsService/GetSalesReport",
     {kSalesManager, kSalesHead, kAnalyst},
     Records::kReports},
    {"/crm.analytics.v1.AnalyticsService/ListSalesReportRecords",
     {kSalesManager, kSalesHead, kAnalyst},
     Records::kReports},
    {"/crm.analytics.v1.AnalyticsService/ListReportClients",
     {kSalesManager, kSalesHead, kAnalyst},
     Records::kReports},
    {"/crm.analytics.v1.AnalyticsService/GetReadinessFunnel",
     {kSalesManager, kSalesHead, kAnalyst},
     Records::kReports},
    {"/crm.analytics.v1.AnalyticsService/GetMarketAnalysis",
     {kSalesManager, kSalesHead, kAnalyst},
     Records::kReports},
    {"/crm.analytics.v1.AnalyticsService/GetLeadSourceReport",
     {kSalesManager, kSalesHead, kAnalyst},
     Records::kReports},
    {"/crm.analytics.v1.AnalyticsService/GetRatingReport",
     {kSalesManager, kSalesHead, kAnalyst},
     Records::kReports},

    // crm.analytics.v1.ForecastService
    {"/crm.analytics.v1.ForecastService/GetEditionForecast",
     {kSalesHead, kAnalyst},
     Records::kForecasts},
    {"/crm.analytics.v1.ForecastService/GetForecastBacktest",
     {kSalesHead, kAnalyst},
     Records::kForecasts},
    {"/crm.analytics.v1.ForecastService/ImportEditionHistory", {kAnalyst}, Records::kForecasts},

    // crm.analytics.v1.SalesPlanService
    {"/crm.analytics.v1.SalesPlanService/GetSalesPlan",
     {kSalesManager, kSalesHead, kAnalyst},
     Records::kSalesPlans},
    {"/crm.analytics.v1.SalesPlanService/SetSalesPlanCells",
     {kSalesHead, kAnalyst},
     Records::kSalesPlans},
    {"/crm.analytics.v1.SalesPlanService/ImportSalesPlan",
     {kSalesHead, kAnalyst},
     Records::kSalesPlans},
    {"/crm.analytics.v1.SalesPlanService/GetPlanVsFact",
     {kSalesManager, kSalesHead, kAnalyst},
     Records::kSalesPlans},
};

}  // namespace

std::span<const RpcRule> RpcRules() { return kRules; }

const RpcRule* FindRpcRule(std::string_view method) {
  const auto* it = std::find_if(std::begin(kRules), std::end(kRules),
                                [&](const RpcRule& rule) { return rule.method == method; });
  return it == std::end(kRules) ? nullptr : it;
}

bool MayCall(const RpcRule& rule, const Principal& principal) {
  return principal.Has(kAdmin) || std::any_of(principal.roles.begin(), principal.roles.end(),
                                              [&](Role role) { return rule.roles.Contains(role); });
}

std::string RoleNames(const RoleSet& roles) {
  std::string names;
  for (Role role : {kSalesManager, kSalesHead, kAnalyst, kAccountant, kAdmin, kService}) {
    if (roles.Contains(role)) {
      names += (names.empty() ? "" : ", ") + std::string(RoleName(role));
    }
  }
  return names;
}

}  // namespace crm::common::auth
