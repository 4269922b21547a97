#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// Pure generators of the demo data set: plausible Russian companies with checksum-valid
// requisites, people, and the plan of contacts the demo managers work through. Everything is a
// function of a seed, so two runs produce the same data and the loader's request ids stay
// meaningful. No protobuf and no I/O here: the loader maps these to requests.
namespace crm::demo {

// SplitMix64: a tiny generator with the same sequence on every platform and standard library
// (std::uniform_int_distribution is not portable across implementations).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform in [low, high], both inclusive.
  int Between(int low, int high);
  // `percent` chance of true.
  bool Chance(int percent) { return Between(1, 100) <= percent; }
  template <class T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Between(0, static_cast<int>(items.size()) - 1))];
  }

 private:
  uint64_t state_;
};

// --- Requisites -------------------------------------------------------------------------------

// The control digit of a legal entity's 10-digit ИНН from its first 9 digits.
int InnControlDigit(std::string_view first9);
// The first 9 digits plus their control digit.
std::string MakeInn(std::string_view first9);
// The control digit of a 13-digit ОГРН from its first 12 digits.
int OgrnControlDigit(std::string_view first12);
std::string MakeOgrn(std::string_view first12);
// A 20-digit bank account with its control key (the 9th digit) set so that the Bank of Russia
// check with the 3-digit `prefix` holds; the 9th digit of `account` is ignored.
std::string WithAccountKey(std::string_view prefix, std::string_view account);
// Prefix of the key for a settlement account: the БИК's last 3 digits.
std::string SettlementKeyPrefix(std::string_view bik);
// Prefix of the key for a correspondent account: "0" and the БИК's 5th-6th digits.
std::string CorrespondentKeyPrefix(std::string_view bik);

// --- People and companies ---------------------------------------------------------------------

struct Person {
  std::string full_name;  // "Фамилия Имя Отчество"
  std::string position;
  std::string phone;
  std::string email;
};

struct Company {
  std::string display_name;  // "ВолгаСтрой"
  std::string legal_name;    // "ООО «ВолгаСтрой»"
  std::string inn;           // 10 digits, checksum-valid
  std::string kpp;           // region + inspection of the ИНН, "01", "001"
  std::string ogrn;          // 13 digits, checksum-valid
  std::string address;
  std::string phone;
  std::string email;
  std::vector<Person> contacts;  // 1-3
  // The structured model, derived from the values above (no further random draws).
  std::string legal_form;  // "OOO" or "AO"
  std::string postal_code;
  std::string region_code;  // the INN's region
  std::string city;
  std::string street_line;
  std::string industry_code;  // the registry's classifier
  std::string okved_code;     // the main activity
  std::string website;
  std::string lead_source_kind;  // registry's LeadSourceKind without its prefix: "WEBSITE"
  std::string lead_source;       // the detail
};

// `count` companies with unique display names and unique ИНН, mostly in the Samara region and
// its neighbours. Deterministic in `seed`.
std::vector<Company> GenerateCompanies(int count, uint64_t seed);

struct Issuer {
  std::string legal_name, inn, kpp, ogrn, address, bank_name, bik, settlement_account,
      correspondent_account, director, chief_accountant;
};

// ООО «Экспо-Волга», Samara: the organiser that issues the invoices.
Issuer DemoIssuer();

struct Employee {
  std::string full_name;
  std::string email;
  std::string department;
  std::string role;  // the system role: sales_manager, sales_head, analyst, accountant or admin
  bool heads_department = false;
};

// Everyone the demo loads: five sales managers and the head of their department (who heads it),
// an analyst, an accountant and an admin, each in a department. Exactly one person holds each role
// but sales_manager, so `crm --as ROLE` acts as them.
std::vector<Employee> DemoStaff();

struct Exhibition {
  std::string project_name;
  std::string project_description;
  std::string edition_name;
  int start_year, start_month, start_day;
  int end_year, end_month, end_day;
  std::string venue;
  int64_t price_per_m2_kopecks;
};

// Three projects, each with its 2027 edition.
std::vector<Exhibition> DemoExhibitions();

// --- The managers' work -----------------------------------------------------------------------

enum class ContactKind { kCall = 1, kMeeting = 2, kEmail = 3, kLetter = 4 };

struct PlannedContact {
  int number;          // 1-based; the loader's request id is "demo-contact-NNN"
  int manager;         // index into DemoManagers()
  int company;         // index into the generated companies
  int contact_person;  // index into that company's contacts
  int exhibition;      // index into DemoExhibitions()
  ContactKind kind;
  std::string purpose;
  int day_offset;    // days after the loader's reference day (1 = tomorrow)
  int hour, minute;  // local time of day
};

enum class OutcomeKind { kSale, kRefusal, kReschedule, kNote };

struct Completion {
  int contact_number;  // PlannedContact::number
  OutcomeKind kind;
  int64_t area_dm2 = 0;     // sale
  std::string stand;        // sale
  int refusal_reason = 0;   // refusal: 1..5 as in crm.planning.v1.RefusalReason
  std::string text;         // refusal details, reschedule reason or note
  int reschedule_days = 0;  // reschedule: days after the original time
};

// `count` contacts spread over the managers, companies and exhibitions.
std::vector<PlannedContact> PlanContacts(int count, int managers,
                                         const std::vector<Company>& companies, int exhibitions,
                                         uint64_t seed);

// The floor plan every demo exhibition imports (StandService.ImportStands), as a head of sales'
// CSV with Russian headers: rows A–D of 30 stands in three pavilions; the row ends are corner
// stands, every tenth a peninsula, D-1…D-4 islands, the rest linear stands of 9, 12 or 18 m².
inline constexpr int kFloorPlanStands = 120;
std::string FloorPlanCsv();
// The number of the k-th stand (0-based, below kFloorPlanStands) of the floor plan.
std::string FloorPlanStandNumber(int k);

// Results for `count` evenly spaced contacts (so every manager has some): in turn a sale, a
// refusal, a reschedule and a note, so a quarter of them are sales. Each sale takes the next
// stand of its exhibition's floor plan (FloorPlanStandNumber), whose area it gets.
std::vector<Completion> PlanCompletions(const std::vector<PlannedContact>& contacts, int count,
                                        uint64_t seed);

// --- Past seasons (the history the forecast learns from) -----------------------------------------

// One row of a past edition's records: a readiness assessment (level set) or a sale.
struct HistoryRow {
  std::string client;    // the old system's client key, "К-00042"
  std::string level;     // "COLD", "COOL", "WARM" or "HOT"; "" for a sale
  int64_t unix_seconds;  // when assessed or sold
  int64_t area_dm2 = 0;  // sale
  int64_t net_kopecks = 0;
};

// A past edition of a demo exhibition, as the company's spreadsheets before the CRM kept it.
struct PastEdition {
  std::string edition_id;  // a UUID derived from the seed: the same on every run
  std::string display_name;
  int year, month, day;          // the opening
  int64_t opening_unix_seconds;  // its midnight, UTC
  std::vector<HistoryRow> assessments;
  std::vector<HistoryRow> sales;
};

// `count` yearly editions of `exhibition` before its demo edition (the oldest first), each with
// 100-300 clients: readiness assessed every few weeks from 10-24 weeks before the opening, most
// sales in the last two months, a few from clients never assessed; the market and the price
// (the exhibition's, less 5% a year back) change from season to season.
std::vector<PastEdition> GeneratePastEditions(const Exhibition& exhibition, int count,
                                              uint64_t seed);

// "demo-client-0042": zero-padded request ids that sort and read well.
std::string RequestId(std::string_view kind, int number, int width);

}  // namespace crm::demo
