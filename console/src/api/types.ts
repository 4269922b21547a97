// The JSON shapes of the messages the console uses, as the gateway writes them (proto3 JSON:
// lowerCamelCase, enums by name, int64 as strings, fields at their default left out).

export interface Money {
  currencyCode?: string;
  minorUnits?: string;
}

export interface DateValue {
  year?: number;
  month?: number;
  day?: number;
}

export interface Employee {
  name: string;
  fullName?: string;
  department?: string; // the department's display name
  departmentUnit?: string; // "departments/{department}"
  roles?: string[];
}

export interface Phone {
  number?: string;
  kind?: string;
}

// A structured address (registry's Address).
export interface Address {
  postalCode?: string;
  regionCode?: string;
  city?: string;
  streetLine?: string;
}

// A settlement account of a client (registry's BankAccount): the bank's БИК, the account, the
// bank's correspondent account, the bank's name.
export interface BankAccount {
  bik?: string;
  account?: string;
  correspondentAccount?: string;
  bankName?: string;
}

export interface Client {
  name: string;
  displayName?: string;
  legalName?: string;
  inn?: string;
  kpp?: string;
  ogrn?: string;
  legalAddress?: string;
  legalAddressDetails?: Address;
  postalAddress?: Address;
  // False once mail to the postal address came back (JSON leaves a false flag out: absent is
  // false).
  postalAddressValid?: boolean;
  phone?: string;
  email?: string;
  phones?: Phone[];
  emails?: string[];
  website?: string;
  legalForm?: string;
  // The organiser's industry classifier ("construction"; format.ts industryLabels).
  industryCode?: string;
  // OKVED 2 codes, the main activity first.
  okvedCodes?: string[];
  // The client's bank accounts, the main one first.
  bankAccounts?: BankAccount[];
  verificationState?: string;
  notes?: string;
  etag?: string;
}

export interface ContactPerson {
  name: string;
  fullName?: string;
  position?: string;
  phone?: string;
  email?: string;
  phones?: Phone[];
  emails?: string[];
  mailingConsent?: boolean;
  primary?: boolean;
  status?: string;
  etag?: string;
}

export interface Project {
  name: string;
  displayName?: string;
}

export interface Edition {
  name: string;
  displayName?: string;
  startDate?: DateValue;
  endDate?: DateValue;
  venue?: string;
  pricePerM2?: Money;
  status?: string;
}

export interface SaleOutcome {
  areaDm2?: string;
  standNumber?: string;
  standType?: string;
  pricePerM2?: Money;
  priceOverrideReason?: string;
  discount?: { percentBp?: number; reason?: string };
}

export interface ContactResult {
  sale?: SaleOutcome;
  note?: { text: string };
  refusal?: { details?: string; refusalReason?: string };
  reschedule?: { newTime: string; reason: string };
}

export interface Contact {
  name: string;
  client: string;
  contactPerson?: string;
  edition: string;
  type?: string;
  purpose?: string;
  scheduledTime?: string;
  owner?: string;
  state?: string;
  result?: ContactResult;
  completeTime?: string;
  reminders?: TaskReminder[];
  etag?: string;
}

// Before the start ("900s", a Duration in JSON) or at a fixed time.
export interface TaskReminder {
  beforeStart?: string;
  remindTime?: string;
  fireTime?: string;
}

export interface Sale {
  name: string;
  client?: string;
  edition?: string;
  contact?: string;
  manager?: string;
  areaDm2?: string;
  standNumber?: string;
  standType?: string;
  pricePerM2?: Money;
  netAmount?: Money;
  vatAmount?: Money;
  totalAmount?: Money;
  saleTime?: string;
  state?: string;
  stand?: string;
  etag?: string;
  discount?: { percentBp?: number; amount?: Money; reason?: string };
  discountAmount?: Money;
  approval?: { discountBp?: number; maxDiscountBp?: number; required?: boolean; approver?: string };
}

export interface SalesBoardStand {
  standId?: string;
  number?: string;
  hall?: string;
  standType?: string;
  areaDm2?: string;
  listAmount?: Money;
}

export interface SalesBoardCell {
  status?: string;
  standType?: string;
  stands?: number;
  areaDm2?: string;
  listAmount?: Money;
  listPricePerM2?: Money;
}

export interface SalesBoard {
  edition?: string;
  cells?: SalesBoardCell[];
  totals?: SalesBoardCell[];
  freeStands?: SalesBoardStand[];
}

export interface DocumentItem {
  name: string;
  type?: string;
  number?: string;
  issueDate?: DateValue;
  sale?: string;
  client?: string;
  clientLegalName?: string;
  totalAmount?: Money;
  status?: string;
  fileName?: string;
  paymentDueDate?: DateValue;
  etag?: string;
}

export interface DownloadedFile {
  contentType?: string;
  fileName?: string;
  content?: string; // base64
}

export interface CountByKey {
  key?: string;
  count?: string;
}

export interface ManagerReport {
  manager?: string;
  contactsByType?: CountByKey[];
  contactsByResult?: CountByKey[];
  openContacts?: string;
  salesCount?: string;
  areaDm2?: string;
  netAmount?: Money;
  totalAmount?: Money;
  conversionBp?: number;
}

// A sale as analytics counts it in a report (ListSalesReportRecords).
export interface ReportSale {
  sale?: string;
  saleTime?: string;
  manager?: string;
  client?: string;
  edition?: string;
  standType?: string;
  areaDm2?: string;
  netAmount?: Money;
  totalAmount?: Money;
  department?: string;
  invoicedAmount?: Money;
  outstandingAmount?: Money;
}

// A contact as analytics counts it in a report: completed, or planned and still open.
export interface ReportContact {
  contact?: string;
  completeTime?: string;
  owner?: string;
  client?: string;
  edition?: string;
  type?: string;
  resultKind?: string;
  positive?: boolean;
  refusalReason?: string;
  scheduledTime?: string;
}

// Which records of a report figure to list ("SALES", "CONTACTS", "OPEN_CONTACTS", ...).
export type SalesReportRecordKind = "SALES" | "CONTACTS" | "OPEN_CONTACTS";

export interface SalesReportRecords {
  sales?: ReportSale[];
  contacts?: ReportContact[];
  openContacts?: ReportContact[];
  nextPageToken?: string;
}

// A client behind a market or funnel figure (ListReportClients).
export interface ReportClient {
  client?: string;
  displayName?: string;
  regionCode?: string;
  federalDistrictCode?: string;
  industry?: string;
  leadSource?: string;
  areaDm2?: string;
  exhibitor?: boolean;
}

// Which figure ListReportClients lists the clients of (REPORT_CLIENT_FIGURE_...).
export type ReportClientFigure =
  | "MARKET_BASE"
  | "FEDERAL_DISTRICT"
  | "REGION"
  | "INDUSTRY"
  | "SIZE"
  | "COMPETITOR"
  | "EDITION_EXHIBITORS"
  | "EDITION_RETAINED"
  | "EDITION_CHURNED"
  | "EDITION_NEW"
  | "GROWTH_ADDED";

export interface ReportClientsQuery {
  figure: ReportClientFigure;
  key?: string;
  narrowed?: boolean;
  edition?: string;
  project?: string;
}

export interface PaymentParty {
  name?: string;
  inn?: string;
  kpp?: string;
  account?: string;
}

export interface PaymentAllocation {
  invoice?: string;
  invoiceNumber?: string;
  sale?: string;
  amount?: Money;
}

export interface Payment {
  name: string;
  statement?: string;
  direction?: string;
  number?: string;
  date?: DateValue;
  amount?: Money;
  payer?: PaymentParty;
  payee?: PaymentParty;
  purpose?: string;
  matchState?: string;
  unallocatedAmount?: Money;
  allocations?: PaymentAllocation[];
}

export interface ImportedStatement {
  statement?: string;
  documentCount?: number;
  importedCount?: number;
  duplicateCount?: number;
  payments?: string[];
}

export interface ReceivablesFigures {
  invoiceCount?: number;
  invoiced?: Money;
  paid?: Money;
  outstanding?: Money;
  ageing?: {
    notDue?: Money;
    overdue1To30Days?: Money;
    overdue31To60Days?: Money;
    overdue61To90Days?: Money;
    overdueOver90Days?: Money;
  };
  dueBeforeOpening?: Money;
}

export interface ReceivablesGroup {
  key?: string;
  displayName?: string;
  clientInn?: string;
  figures?: ReceivablesFigures;
}

export interface Receivables {
  groupBy?: string;
  asOf?: DateValue;
  groups?: ReceivablesGroup[];
  total?: ReceivablesFigures;
}

export interface DuplicateCandidate {
  client?: string;
  displayName?: string;
  inn?: string;
  kpp?: string;
  score?: number;
  reasons?: string[];
}

export interface VerificationItem {
  name: string;
  client?: string;
  clientDisplayName?: string;
  clientEtag?: string;
  reason?: string;
  problem?: string;
  fieldPaths?: string[];
  comment?: string;
  createTime?: string;
  candidates?: DuplicateCandidate[];
}

export interface DuplicateClusterMember {
  client: string;
  displayName?: string;
  legalName?: string;
  inn?: string;
  kpp?: string;
  etag?: string;
}

export interface DuplicateCluster {
  members?: DuplicateClusterMember[];
  pairs?: Array<{ client?: string; other?: string; score?: number; reasons?: string[] }>;
  maxScore?: number;
}

export interface Merge {
  name: string;
  survivor?: string;
  merged?: string[];
  filledFields?: string[];
  movedContactPersons?: number;
  undoTime?: string;
}

export interface ClientImport {
  name: string;
  fileName?: string;
  format?: string;
  columns?: string[];
  columnMappings?: Array<{ column?: string; field?: string }>;
  state?: string;
  totalRows?: number;
  processedRows?: number;
  counts?: { created?: number; updated?: number; unchanged?: number; duplicate?: number; error?: number };
}

export interface ImportRow {
  name: string;
  rowNumber?: number;
  outcome?: string;
  displayName?: string;
  inn?: string;
  // `message` in English; `localizedMessage` its Russian text (api/errors.ts, problemText).
  problems?: Array<{
    field?: string;
    column?: string;
    message?: string;
    localizedMessage?: { locale?: string; message?: string };
  }>;
}

// Sales plans (analytics' SalesPlanService).
export type PlanLevel = "PLAN_LEVEL_EDITION" | "PLAN_LEVEL_DEPARTMENT" | "PLAN_LEVEL_MANAGER";

export interface SalesPlanCell {
  level?: PlanLevel;
  target?: string;
  month?: string; // "YYYY-MM"
  areaDm2?: string;
  netAmount?: Money;
  updatedBy?: string;
  updateTime?: string;
}

export interface SalesPlan {
  name?: string;
  editionDisplayName?: string;
  cells?: SalesPlanCell[];
  etag?: string;
  updateTime?: string;
  updatedBy?: string;
}

export interface PlanFactFigures {
  planAreaDm2?: string;
  factAreaDm2?: string;
  planNetAmount?: Money;
  factNetAmount?: Money;
  attainmentBp?: string;
  areaAttainmentBp?: string;
}

export interface PlanFactRow {
  level?: PlanLevel;
  target?: string;
  displayName?: string;
  months?: Array<{ month?: string; figures?: PlanFactFigures }>;
  total?: PlanFactFigures;
}

export interface PlanVsFact {
  name?: string;
  editionDisplayName?: string;
  rows?: PlanFactRow[];
}

// Analytics' GetSalesReport.
export type SalesReportGrouping = "MANAGER" | "DEPARTMENT" | "EDITION" | "STAND_TYPE";

export interface SalesFigures {
  salesCount?: string;
  areaDm2?: string;
  netAmount?: Money;
  totalAmount?: Money;
  contactsCompleted?: string;
  positiveContacts?: string;
  effectivenessBp?: number;
  refusals?: string;
  clientsContacted?: string;
}

export interface SalesReportRow {
  key?: string;
  displayName?: string;
  current?: SalesFigures;
  previous?: SalesFigures;
}

export interface SalesReport {
  startTime?: string;
  endTime?: string;
  previousStartTime?: string;
  groupBy?: string;
  rows?: SalesReportRow[];
  total?: SalesReportRow;
  refusalReasons?: CountByKey[];
  scope?: string;
}

// Analytics' GetMarketAnalysis.
export interface MarketSegment {
  key?: string;
  clients?: string;
  exhibitors?: string;
  areaDm2?: string;
}

export interface CompetitorOverlap {
  competitorExhibition?: string;
  displayName?: string;
  clients?: string;
  alsoOurs?: string;
}

export interface EditionRetention {
  edition?: string;
  displayName?: string;
  startDate?: DateValue;
  exhibitors?: string;
  areaDm2?: string;
  retained?: string;
  churned?: string;
  newExhibitors?: string;
  retentionBp?: number;
  newByLeadSource?: CountByKey[];
}

export interface MarketAnalysis {
  project?: string;
  clients?: string;
  exhibitors?: string;
  byFederalDistrict?: MarketSegment[];
  byRegion?: MarketSegment[];
  byIndustry?: MarketSegment[];
  bySize?: MarketSegment[];
  competitors?: CompetitorOverlap[];
  editions?: EditionRetention[];
  growth?: Array<{ year?: number; added?: string; total?: string }>;
}

// Planning's WatchReminders: a reminder that fell due.
export interface ReminderNotice {
  sequence?: string;
  contact?: string;
  fireTime?: string;
  dispatchTime?: string;
  task?: Contact;
  clientDisplayName?: string;
  timeZone?: string;
  localStartTime?: string;
}

// Registry's groups of clients and mailing selections.
export interface Group {
  name: string;
  displayName?: string;
  description?: string;
  kind?: string;
  personal?: boolean;
  owner?: string;
  memberCount?: string;
  etag?: string;
}

export interface GroupMember {
  client: string;
  displayName?: string;
  inn?: string;
  addTime?: string;
}

export interface ClientFilter {
  query?: string;
  regionCodes?: string[];
  groups?: string[];
}

export interface MailingSelection {
  name: string;
  displayName?: string;
  description?: string;
  personal?: boolean;
  owner?: string;
  filter?: ClientFilter;
  subscribedOnly?: boolean;
  validPostalAddressOnly?: boolean;
  etag?: string;
}

export interface MailingExport {
  name: string;
  selection?: string;
  recipientCount?: number;
  returnedCount?: number;
  createTime?: string;
}

export interface MailingExportChunk {
  contentType?: string;
  fileName?: string;
  data?: string; // base64
}
