#include "tools/cli/views.h"

#include <google/protobuf/timestamp.pb.h>

#include <map>
#include <utility>

#include "crm/accounting/v1/accounting.pb.h"
#include "crm/analytics/v1/analytics.pb.h"
#include "crm/common/v1/money.pb.h"
#include "crm/documents/v1/documents.pb.h"
#include "crm/planning/v1/assessments.pb.h"
#include "crm/planning/v1/catalogues.pb.h"
#include "crm/planning/v1/planning.pb.h"
#include "crm/planning/v1/redirects.pb.h"
#include "crm/planning/v1/sales.pb.h"
#include "crm/planning/v1/stands.pb.h"
#include "crm/planning/v1/stats.pb.h"
#include "crm/registry/v1/exhibitions.pb.h"
#include "crm/registry/v1/groups.pb.h"
#include "crm/registry/v1/quality.pb.h"
#include "crm/registry/v1/registry.pb.h"
#include "crm/registry/v1/staff.pb.h"
#include "google/type/date.pb.h"
#include "tools/cli/display.h"

namespace crm::cli {
namespace {

namespace pb = google::protobuf;
namespace reg = crm::registry::v1;
namespace plan = crm::planning::v1;
namespace docs = crm::documents::v1;
namespace acc = crm::accounting::v1;
namespace an = crm::analytics::v1;

// Widths a value may take before it is cut: long text, a name, a short code.
constexpr std::size_t kText = 32;
constexpr std::size_t kPerson = 26;
constexpr std::size_t kShort = 22;

// A contact result in a word or a line: the note's text, else the outcome's kind ("" for none).
std::string OutcomeText(const plan::ContactResult& result) {
  if (result.has_note()) {
    return result.note().text();
  }
  const auto* field = plan::ContactResult::GetReflection()->GetOneofFieldDescriptor(
      result, plan::ContactResult::descriptor()->FindOneofByName("outcome"));
  return field == nullptr ? "" : field->name();
}

// A column of messages of type T.
template <class T>
ViewColumn Col(std::string header, std::function<std::string(const T&)> value,
               std::size_t max_width = kText, Align align = Align::kLeft) {
  return {
      {std::move(header), align, max_width},
      [value = std::move(value)](const pb::Message& m) { return value(static_cast<const T&>(m)); },
      false};
}

// A right-aligned column of numbers, amounts or areas (never cut: a cut number misleads).
template <class T>
ViewColumn Num(std::string header, std::function<std::string(const T&)> value) {
  return Col<T>(std::move(header), std::move(value), 0, Align::kRight);
}

// A column showing what a resource name refers to.
template <class T>
ViewColumn Ref(std::string header, std::function<std::string(const T&)> name,
               std::size_t max_width = kText) {
  ViewColumn column = Col<T>(std::move(header), std::move(name), max_width);
  column.resolve = true;
  return column;
}

// The resource's own name, last and never cut: a person copies it into the next command.
template <class T>
ViewColumn Name(std::string header = "NAME") {
  return Col<T>(
      std::move(header), [](const T& m) { return m.name(); }, 0);
}

template <class E>
std::string Enum(E value) {
  const pb::EnumDescriptor* type = pb::GetEnumDescriptor<E>();
  const pb::EnumValueDescriptor* v = type->FindValueByNumber(static_cast<int>(value));
  return v == nullptr ? std::to_string(static_cast<int>(value)) : EnumText(v->name(), type->name());
}

std::string Time(const pb::Timestamp& t) {
  return t.seconds() == 0 && t.nanos() == 0 ? "" : LocalTimeText(t.seconds());
}

std::string Date(const google::type::Date& d) { return DateText(d.year(), d.month(), d.day()); }

std::string Money(const crm::common::v1::Money& m) {
  return m.currency_code().empty() && m.minor_units() == 0
             ? ""
             : MoneyText(m.minor_units(), m.currency_code());
}

std::string YesNo(bool value) { return value ? "yes" : "no"; }

std::string InnKpp(const std::string& inn, const std::string& kpp) {
  return kpp.empty() ? inn : inn + "/" + kpp;
}

template <class Items, class Text>
std::string Join(const Items& items, Text text) {
  std::string out;
  for (const auto& item : items) {
    std::string part = text(item);
    if (part.empty()) {
      continue;
    }
    out += (out.empty() ? "" : ", ") + part;
  }
  return out;
}

std::string Identity(const std::string& s) { return s; }

// A version of a history (ClientVersion, ResourceVersion): number, change, time, author and the
// fields it changed.
template <class V>
std::vector<ViewColumn> VersionColumns() {
  return {Num<V>("VERSION", [](const V& v) { return std::to_string(v.version()); }),
          Col<V>(
              "CHANGE", [](const V& v) { return v.change(); }, kShort),
          Col<V>(
              "TIME", [](const V& v) { return Time(v.change_time()); }, 0),
          Ref<V>(
              "BY", [](const V& v) { return v.actor(); }, kPerson),
          Col<V>("FIELDS", [](const V& v) {
            return Join(v.field_changes(), [](const reg::FieldChange& f) { return f.field(); });
          })};
}

std::map<std::string, View> BuildViews() {
  std::map<std::string, View> views;
  auto rows = [&views](const pb::Descriptor* type, std::vector<ViewColumn> columns) {
    views[type->full_name()] = View{View::Shape::kRows, std::move(columns)};
  };
  auto fields = [&views](const pb::Descriptor* type, std::vector<ViewColumn> columns) {
    views[type->full_name()] = View{View::Shape::kFields, std::move(columns)};
  };

  // --- registry ---
  rows(reg::Client::descriptor(),
       {Col<reg::Client>("CLIENT", [](const reg::Client& c) { return c.display_name(); }),
        Col<reg::Client>(
            "INN/KPP", [](const reg::Client& c) { return InnKpp(c.inn(), c.kpp()); }, 0),
        Col<reg::Client>(
            "CITY",
            [](const reg::Client& c) {
              for (const std::string* city : {&c.geography().city(), &c.postal_address().city(),
                                              &c.legal_address_details().city()}) {
                if (!city->empty()) {
                  return *city;
                }
              }
              return std::string();
            },
            kShort),
        Col<reg::Client>(
            "STATE",
            [](const reg::Client& c) {
              return c.has_delete_time() ? std::string("deleted") : Enum(c.verification_state());
            },
            0),
        Name<reg::Client>()});
  rows(reg::ContactPerson::descriptor(),
       {Col<reg::ContactPerson>(
            "FULL NAME", [](const reg::ContactPerson& p) { return p.full_name(); }, kPerson),
        Col<reg::ContactPerson>(
            "POSITION", [](const reg::ContactPerson& p) { return p.position(); }, kShort),
        Col<reg::ContactPerson>(
            "PHONE",
            [](const reg::ContactPerson& p) {
              return p.phones_size() > 0 ? p.phones(0).number() : p.phone();
            },
            kShort),
        Col<reg::ContactPerson>("EMAIL",
                                [](const reg::ContactPerson& p) {
                                  return p.emails_size() > 0 ? p.emails(0) : p.email();
                                }),
        Col<reg::ContactPerson>(
            "PRIMARY", [](const reg::ContactPerson& p) { return p.primary() ? "yes" : ""; }, 0),
        Col<reg::ContactPerson>(
            "STATUS",
            [](const reg::ContactPerson& p) {
              return p.has_delete_time() ? std::string("deleted") : Enum(p.status());
            },
            0),
        Name<reg::ContactPerson>()});
  rows(reg::Employee::descriptor(),
       {Col<reg::Employee>(
            "FULL NAME", [](const reg::Employee& e) { return e.full_name(); }, kPerson),
        Col<reg::Employee>(
            "EMAIL", [](const reg::Employee& e) { return e.email(); }, kShort),
        Col<reg::Employee>(
            "DEPARTMENT", [](const reg::Employee& e) { return e.department(); }, kShort),
        Col<reg::Employee>(
            "ROLES", [](const reg::Employee& e) { return Join(e.roles(), Identity); }, kShort),
        Col<reg::Employee>(
            "STATUS", [](const reg::Employee& e) { return Enum(e.status()); }, 0),
        Name<reg::Employee>()});
  rows(reg::Department::descriptor(),
       {Col<reg::Department>("DEPARTMENT",
                             [](const reg::Department& d) { return d.display_name(); }),
        Ref<reg::Department>(
            "HEAD", [](const reg::Department& d) { return d.head(); }, kPerson),
        Num<reg::Department>(
            "MEMBERS", [](const reg::Department& d) { return std::to_string(d.member_count()); }),
        Name<reg::Department>()});
  rows(reg::Project::descriptor(),
       {Col<reg::Project>("PROJECT", [](const reg::Project& p) { return p.display_name(); }),
        Col<reg::Project>("DESCRIPTION", [](const reg::Project& p) { return p.description(); }),
        Name<reg::Project>()});
  rows(reg::Edition::descriptor(),
       {Col<reg::Edition>("EDITION", [](const reg::Edition& e) { return e.display_name(); }),
        Col<reg::Edition>(
            "DATES",
            [](const reg::Edition& e) {
              return Date(e.start_date()) + "\xE2\x80\x93" + Date(e.end_date());
            },
            0),
        Col<reg::Edition>("VENUE", [](const reg::Edition& e) { return e.venue(); }),
        Num<reg::Edition>("PRICE PER M\xC2\xB2",
                          [](const reg::Edition& e) { return Money(e.price_per_m2()); }),
        Col<reg::Edition>(
            "STATUS", [](const reg::Edition& e) { return Enum(e.status()); }, 0),
        Name<reg::Edition>()});
  rows(reg::ClientVersion::descriptor(), VersionColumns<reg::ClientVersion>());
  rows(reg::ResourceVersion::descriptor(), VersionColumns<reg::ResourceVersion>());
  rows(reg::Curator::descriptor(),
       {Ref<reg::Curator>("CLIENT", [](const reg::Curator& c) { return c.client(); }),
        Ref<reg::Curator>(
            "PROJECT", [](const reg::Curator& c) { return c.project(); }, kShort),
        Ref<reg::Curator>(
            "EMPLOYEE", [](const reg::Curator& c) { return c.employee(); }, kPerson),
        Col<reg::Curator>(
            "SINCE", [](const reg::Curator& c) { return Time(c.start_time()); }, 0),
        Col<reg::Curator>(
            "UNTIL", [](const reg::Curator& c) { return Time(c.end_time()); }, 0),
        Name<reg::Curator>()});
  rows(reg::CompetitorExhibition::descriptor(),
       {Col<reg::CompetitorExhibition>(
            "EXHIBITION", [](const reg::CompetitorExhibition& e) { return e.display_name(); }),
        Col<reg::CompetitorExhibition>(
            "ORGANIZER", [](const reg::CompetitorExhibition& e) { return e.organizer(); }, kShort),
        Col<reg::CompetitorExhibition>(
            "CITY", [](const reg::CompetitorExhibition& e) { return e.city(); }, kShort),
        Col<reg::CompetitorExhibition>(
            "PERIODICITY", [](const reg::CompetitorExhibition& e) { return Enum(e.periodicity()); },
            0),
        Name<reg::CompetitorExhibition>()});
  rows(reg::Participation::descriptor(),
       {Ref<reg::Participation>("EXHIBITION",
                                [](const reg::Participation& p) {
                                  return p.edition().empty() ? p.competitor_exhibition()
                                                             : p.edition();
                                }),
        Num<reg::Participation>("YEAR",
                                [](const reg::Participation& p) {
                                  return p.year() == 0 ? "" : std::to_string(p.year());
                                }),
        Num<reg::Participation>("AREA",
                                [](const reg::Participation& p) { return AreaText(p.area_dm2()); }),
        Name<reg::Participation>()});
  rows(reg::Group::descriptor(),
       {Col<reg::Group>("GROUP", [](const reg::Group& g) { return g.display_name(); }),
        Col<reg::Group>(
            "KIND", [](const reg::Group& g) { return Enum(g.kind()); }, 0),
        Num<reg::Group>("MEMBERS",
                        [](const reg::Group& g) { return std::to_string(g.member_count()); }),
        Col<reg::Group>(
            "PERSONAL", [](const reg::Group& g) { return g.personal() ? "yes" : ""; }, 0),
        Name<reg::Group>()});
  rows(
      reg::GroupMembershipProposal::descriptor(),
      {Col<reg::GroupMembershipProposal>(
           "SINCE", [](const reg::GroupMembershipProposal& p) { return Time(p.create_time()); }, 0),
       Col<reg::GroupMembershipProposal>(
           "STATE", [](const reg::GroupMembershipProposal& p) { return Enum(p.state()); }, 0),
       Col<reg::GroupMembershipProposal>(
           "GROUP", [](const reg::GroupMembershipProposal& p) { return p.group_display_name(); }),
       Col<reg::GroupMembershipProposal>(
           "CLIENT", [](const reg::GroupMembershipProposal& p) { return p.client_display_name(); }),
       Col<reg::GroupMembershipProposal>(
           "COMMENT", [](const reg::GroupMembershipProposal& p) { return p.comment(); }),
       Col<reg::GroupMembershipProposal>(
           "REASON", [](const reg::GroupMembershipProposal& p) { return p.reason(); }),
       Name<reg::GroupMembershipProposal>()});
  rows(reg::GroupMember::descriptor(),
       {Col<reg::GroupMember>("CLIENT", [](const reg::GroupMember& m) { return m.display_name(); }),
        Col<reg::GroupMember>(
            "INN", [](const reg::GroupMember& m) { return m.inn(); }, 0),
        Col<reg::GroupMember>(
            "ADDED", [](const reg::GroupMember& m) { return Time(m.add_time()); }, 0),
        Col<reg::GroupMember>(
            "NAME", [](const reg::GroupMember& m) { return m.client(); }, 0)});
  rows(reg::ProjectTeamMember::descriptor(),
       {Col<reg::ProjectTeamMember>(
            "EMPLOYEE", [](const reg::ProjectTeamMember& m) { return m.employee_full_name(); },
            kPerson),
        Col<reg::ProjectTeamMember>(
            "ROLE", [](const reg::ProjectTeamMember& m) { return Enum(m.role()); }, 0),
        Col<reg::ProjectTeamMember>(
            "SINCE", [](const reg::ProjectTeamMember& m) { return Time(m.add_time()); }, 0),
        Col<reg::ProjectTeamMember>(
            "EMPLOYEE NAME", [](const reg::ProjectTeamMember& m) { return m.employee(); }, 0)});
  rows(reg::VerificationItem::descriptor(),
       {Col<reg::VerificationItem>(
            "SINCE", [](const reg::VerificationItem& v) { return Time(v.create_time()); }, 0),
        Col<reg::VerificationItem>(
            "CLIENT", [](const reg::VerificationItem& v) { return v.client_display_name(); }),
        Col<reg::VerificationItem>(
            "REASON", [](const reg::VerificationItem& v) { return Enum(v.reason()); }, 0),
        Col<reg::VerificationItem>("PROBLEM",
                                   [](const reg::VerificationItem& v) { return v.problem(); }),
        Col<reg::VerificationItem>(
            "CLIENT NAME", [](const reg::VerificationItem& v) { return v.client(); }, 0)});

  // --- planning ---
  rows(plan::Contact::descriptor(),
       {Col<plan::Contact>(
            "TIME", [](const plan::Contact& c) { return Time(c.scheduled_time()); }, 0),
        Col<plan::Contact>(
            "TYPE", [](const plan::Contact& c) { return Enum(c.type()); }, 0),
        Ref<plan::Contact>(
            "CLIENT", [](const plan::Contact& c) { return c.client(); }, kPerson),
        Col<plan::Contact>(
            "PURPOSE",
            [](const plan::Contact& c) {
              return c.purpose().empty() ? Enum(c.purpose_kind()) : c.purpose();
            },
            kPerson),
        Ref<plan::Contact>(
            "OWNER", [](const plan::Contact& c) { return c.owner(); }, kShort),
        Col<plan::Contact>(
            "STATE", [](const plan::Contact& c) { return Enum(c.state()); }, 0),
        Name<plan::Contact>()});
  rows(plan::Sale::descriptor(),
       {Col<plan::Sale>(
            "TIME", [](const plan::Sale& s) { return Time(s.sale_time()); }, 0),
        Ref<plan::Sale>(
            "CLIENT", [](const plan::Sale& s) { return s.client(); }, kPerson),
        Ref<plan::Sale>(
            "EDITION", [](const plan::Sale& s) { return s.edition(); }, kShort),
        Num<plan::Sale>("AREA", [](const plan::Sale& s) { return AreaText(s.area_dm2()); }),
        Num<plan::Sale>("AMOUNT", [](const plan::Sale& s) { return Money(s.total_amount()); }),
        Col<plan::Sale>(
            "STATE", [](const plan::Sale& s) { return Enum(s.state()); }, 0),
        Name<plan::Sale>()});
  rows(plan::SaleVersion::descriptor(),
       {Num<plan::SaleVersion>(
            "VERSION", [](const plan::SaleVersion& v) { return std::to_string(v.version()); }),
        Col<plan::SaleVersion>(
            "CHANGE", [](const plan::SaleVersion& v) { return v.change(); }, 0),
        Col<plan::SaleVersion>(
            "TIME", [](const plan::SaleVersion& v) { return Time(v.change_time()); }, 0),
        Ref<plan::SaleVersion>(
            "BY", [](const plan::SaleVersion& v) { return v.actor(); }, kPerson),
        Col<plan::SaleVersion>(
            "STATE", [](const plan::SaleVersion& v) { return Enum(v.sale().state()); }, 0),
        Num<plan::SaleVersion>(
            "AMOUNT", [](const plan::SaleVersion& v) { return Money(v.sale().total_amount()); }),
        Col<plan::SaleVersion>("FIELDS",
                               [](const plan::SaleVersion& v) {
                                 return Join(v.field_changes(), [](const plan::SaleFieldChange& f) {
                                   return f.field();
                                 });
                               }),
        Col<plan::SaleVersion>("COMMENT", [](const plan::SaleVersion& v) { return v.comment(); })});
  rows(plan::Stand::descriptor(),
       {Col<plan::Stand>(
            "NUMBER", [](const plan::Stand& s) { return s.number(); }, 0),
        Col<plan::Stand>(
            "HALL", [](const plan::Stand& s) { return s.hall(); }, kShort),
        Col<plan::Stand>(
            "TYPE", [](const plan::Stand& s) { return Enum(s.stand_type()); }, 0),
        Num<plan::Stand>("AREA", [](const plan::Stand& s) { return AreaText(s.area_dm2()); }),
        Num<plan::Stand>("LIST PRICE", [](const plan::Stand& s) { return Money(s.list_amount()); }),
        Col<plan::Stand>(
            "STATUS",
            [](const plan::Stand& s) {
              if (s.status() == plan::STAND_STATUS_HELD) {
                return Enum(s.status()) + " until " + Time(s.hold().expire_time());
              }
              return Enum(s.status());
            },
            0),
        Name<plan::Stand>()});
  rows(plan::SalesBoardCell::descriptor(),
       {Col<plan::SalesBoardCell>(
            "STATUS", [](const plan::SalesBoardCell& c) { return Enum(c.status()); }, 0),
        Col<plan::SalesBoardCell>(
            "TYPE",
            [](const plan::SalesBoardCell& c) {
              return c.stand_type() == plan::STAND_TYPE_UNSPECIFIED ? std::string("(all)")
                                                                    : Enum(c.stand_type());
            },
            0),
        Num<plan::SalesBoardCell>(
            "STANDS", [](const plan::SalesBoardCell& c) { return std::to_string(c.stands()); }),
        Num<plan::SalesBoardCell>(
            "AREA", [](const plan::SalesBoardCell& c) { return AreaText(c.area_dm2()); }),
        Num<plan::SalesBoardCell>("PRICE/M²",
                                  [](const plan::SalesBoardCell& c) {
                                    return c.has_list_price_per_m2() ? Money(c.list_price_per_m2())
                                                                     : std::string();
                                  }),
        Num<plan::SalesBoardCell>(
            "LIST AMOUNT", [](const plan::SalesBoardCell& c) { return Money(c.list_amount()); })});
  rows(plan::SalesBoardStand::descriptor(),
       {Col<plan::SalesBoardStand>(
            "NUMBER", [](const plan::SalesBoardStand& s) { return s.number(); }, 0),
        Col<plan::SalesBoardStand>(
            "HALL", [](const plan::SalesBoardStand& s) { return s.hall(); }, kShort),
        Col<plan::SalesBoardStand>(
            "TYPE", [](const plan::SalesBoardStand& s) { return Enum(s.stand_type()); }, 0),
        Num<plan::SalesBoardStand>(
            "AREA", [](const plan::SalesBoardStand& s) { return AreaText(s.area_dm2()); }),
        Num<plan::SalesBoardStand>(
            "LIST PRICE", [](const plan::SalesBoardStand& s) { return Money(s.list_amount()); })});
  rows(plan::Redirect::descriptor(),
       {Col<plan::Redirect>(
            "DEADLINE", [](const plan::Redirect& r) { return Time(r.deadline()); }, 0),
        Ref<plan::Redirect>(
            "CLIENT", [](const plan::Redirect& r) { return r.client(); }, kPerson),
        Col<plan::Redirect>(
            "GOAL", [](const plan::Redirect& r) { return r.goal(); }, kPerson),
        Ref<plan::Redirect>(
            "TO",
            [](const plan::Redirect& r) {
              return r.to_employee().empty() ? r.to_department() : r.to_employee();
            },
            kShort),
        Col<plan::Redirect>(
            "STATUS",
            [](const plan::Redirect& r) {
              return Enum(r.status()) + (r.overdue() ? ", overdue" : "");
            },
            0),
        Ref<plan::Redirect>(
            "RESPONSIBLE", [](const plan::Redirect& r) { return r.responsible(); }, kShort),
        Col<plan::Redirect>(
            "RESULT", [](const plan::Redirect& r) { return OutcomeText(r.result()); }, kPerson),
        Name<plan::Redirect>()});
  rows(plan::RefusalReasonEntry::descriptor(),
       {Col<plan::RefusalReasonEntry>(
            "REASON", [](const plan::RefusalReasonEntry& r) { return r.display_name(); }),
        Col<plan::RefusalReasonEntry>(
            "SCOPE", [](const plan::RefusalReasonEntry& r) { return Enum(r.scope()); }, 0),
        Col<plan::RefusalReasonEntry>(
            "ACTIVE", [](const plan::RefusalReasonEntry& r) { return YesNo(r.active()); }, 0),
        Name<plan::RefusalReasonEntry>()});
  rows(plan::Rating::descriptor(),
       {Col<plan::Rating>(
            "TIME", [](const plan::Rating& r) { return Time(r.record_time()); }, 0),
        Col<plan::Rating>(
            "TARGET", [](const plan::Rating& r) { return Enum(r.target()); }, 0),
        Num<plan::Rating>("SCORE", [](const plan::Rating& r) { return std::to_string(r.score()); }),
        Col<plan::Rating>("COMMENT", [](const plan::Rating& r) { return r.comment(); }),
        Name<plan::Rating>()});
  rows(plan::Readiness::descriptor(),
       {Col<plan::Readiness>(
            "TIME", [](const plan::Readiness& r) { return Time(r.record_time()); }, 0),
        Ref<plan::Readiness>(
            "EDITION", [](const plan::Readiness& r) { return r.edition(); }, kShort),
        Col<plan::Readiness>(
            "LEVEL", [](const plan::Readiness& r) { return Enum(r.level()); }, 0),
        Col<plan::Readiness>("COMMENT", [](const plan::Readiness& r) { return r.comment(); }),
        Ref<plan::Readiness>(
            "BY", [](const plan::Readiness& r) { return r.recorded_by(); }, kPerson)});
  fields(
      plan::ContactStats::descriptor(),
      {Num<plan::ContactStats>(
           "Contacts:", [](const plan::ContactStats& s) { return std::to_string(s.contacts()); }),
       Num<plan::ContactStats>(
           "Planned:", [](const plan::ContactStats& s) { return std::to_string(s.planned()); }),
       Num<plan::ContactStats>(
           "Completed:", [](const plan::ContactStats& s) { return std::to_string(s.completed()); }),
       Num<plan::ContactStats>(
           "Positive:", [](const plan::ContactStats& s) { return std::to_string(s.positive()); }),
       Num<plan::ContactStats>(
           "Effectiveness:",
           [](const plan::ContactStats& s) { return PercentText(s.effectiveness_bp()); }),
       Col<plan::ContactStats>("By type:",
                               [](const plan::ContactStats& s) {
                                 return Join(s.by_type(), [](const plan::ContactTypeCount& c) {
                                   return Enum(c.type()) + " " + std::to_string(c.contacts()) +
                                          " (" + std::to_string(c.completed()) + " completed)";
                                 });
                               }),
       Col<plan::ContactStats>("By result:",
                               [](const plan::ContactStats& s) {
                                 return Join(
                                     s.by_result_kind(), [](const plan::ResultKindCount& c) {
                                       return c.result_kind() + " " + std::to_string(c.contacts());
                                     });
                               }),
       Num<plan::ContactStats>(
           "Reschedules:",
           [](const plan::ContactStats& s) { return std::to_string(s.total_reschedules()); }),
       Num<plan::ContactStats>(
           "Clients:", [](const plan::ContactStats& s) { return std::to_string(s.clients()); }),
       Num<plan::ContactStats>("Average relationship, days:", [](const plan::ContactStats& s) {
         return std::to_string(s.average_relationship_days());
       })});

  // --- documents, accounting, analytics ---
  rows(
      docs::Document::descriptor(),
      {Col<docs::Document>(
           "NUMBER", [](const docs::Document& d) { return d.number(); }, 0),
       Col<docs::Document>(
           "DATE", [](const docs::Document& d) { return Date(d.issue_date()); }, 0),
       Col<docs::Document>(
           "TYPE", [](const docs::Document& d) { return Enum(d.type()); }, 0),
       Col<docs::Document>("CLIENT", [](const docs::Document& d) { return d.client_legal_name(); }),
       Num<docs::Document>("AMOUNT",
                           [](const docs::Document& d) { return Money(d.total_amount()); }),
       Col<docs::Document>(
           "STATUS", [](const docs::Document& d) { return Enum(d.status()); }, 0),
       Name<docs::Document>()});
  rows(docs::Issuer::descriptor(),
       {Col<docs::Issuer>("ISSUER", [](const docs::Issuer& i) { return i.legal_name(); }),
        Col<docs::Issuer>(
            "INN/KPP", [](const docs::Issuer& i) { return InnKpp(i.inn(), i.kpp()); }, 0),
        Col<docs::Issuer>(
            "BANK", [](const docs::Issuer& i) { return i.bank_name(); }, kPerson),
        Col<docs::Issuer>(
            "PRIMARY", [](const docs::Issuer& i) { return i.primary() ? "yes" : ""; }, 0),
        Col<docs::Issuer>(
            "CLOSING", [](const docs::Issuer& i) { return Enum(i.closing_documents()); }, 0),
        Name<docs::Issuer>()});
  rows(acc::Export::descriptor(),
       {Col<acc::Export>(
            "DOCUMENT", [](const acc::Export& e) { return e.document_number(); }, 0),
        Col<acc::Export>("FILE", [](const acc::Export& e) { return e.file_name(); }),
        Num<acc::Export>("BYTES",
                         [](const acc::Export& e) { return std::to_string(e.size_bytes()); }),
        Col<acc::Export>(
            "CREATED", [](const acc::Export& e) { return Time(e.create_time()); }, 0),
        Name<acc::Export>()});
  auto counts = [](const auto& items, const char* enum_type) {
    return Join(items, [enum_type](const an::CountByKey& c) {
      return EnumText(c.key(), enum_type) + " " + std::to_string(c.count());
    });
  };
  fields(an::ManagerReport::descriptor(),
         {Ref<an::ManagerReport>(
              "Manager:", [](const an::ManagerReport& r) { return r.manager(); }, 0),
          Col<an::ManagerReport>(
              "Period:",
              [](const an::ManagerReport& r) {
                return Time(r.start_time()) + " \xE2\x80\x93 " + Time(r.end_time());
              },
              0),
          Col<an::ManagerReport>(
              "Contacts by type:",
              [counts](const an::ManagerReport& r) {
                return counts(r.contacts_by_type(), "ContactType");
              },
              0),
          Col<an::ManagerReport>(
              "Contacts by result:",
              [counts](const an::ManagerReport& r) {
                return counts(r.contacts_by_result(), "ResultKind");
              },
              0),
          Num<an::ManagerReport>(
              "Open contacts:",
              [](const an::ManagerReport& r) { return std::to_string(r.open_contacts()); }),
          Num<an::ManagerReport>(
              "Sales:", [](const an::ManagerReport& r) { return std::to_string(r.sales_count()); }),
          Num<an::ManagerReport>("Area:",
                                 [](const an::ManagerReport& r) { return AreaText(r.area_dm2()); }),
          Num<an::ManagerReport>("Net amount:",
                                 [](const an::ManagerReport& r) { return Money(r.net_amount()); }),
          Num<an::ManagerReport>(
              "Total amount:", [](const an::ManagerReport& r) { return Money(r.total_amount()); }),
          Num<an::ManagerReport>(
              "Net, period before:",
              [](const an::ManagerReport& r) { return Money(r.previous().net_amount()); }),
          Num<an::ManagerReport>("Conversion:", [](const an::ManagerReport& r) {
            return PercentText(r.conversion_bp());
          })});
  // A period sales report's rows: the figures, the previous period's net beside them.
  rows(an::SalesReportRow::descriptor(),
       {Col<an::SalesReportRow>("GROUP",
                                [](const an::SalesReportRow& r) {
                                  const std::string& name = r.display_name();
                                  if (name.empty()) {
                                    return std::string("\xE2\x80\x94");  // no department
                                  }
                                  return name.starts_with("STAND_TYPE_")
                                             ? EnumText(name, "StandType")
                                             : name;
                                }),
        Num<an::SalesReportRow>(
            "SALES",
            [](const an::SalesReportRow& r) { return std::to_string(r.current().sales_count()); }),
        Num<an::SalesReportRow>(
            "AREA", [](const an::SalesReportRow& r) { return AreaText(r.current().area_dm2()); }),
        Num<an::SalesReportRow>(
            "NET", [](const an::SalesReportRow& r) { return Money(r.current().net_amount()); }),
        Num<an::SalesReportRow>(
            "NET BEFORE",
            [](const an::SalesReportRow& r) { return Money(r.previous().net_amount()); }),
        Num<an::SalesReportRow>(
            "INVOICED",
            [](const an::SalesReportRow& r) { return Money(r.current().invoiced_amount()); }),
        Num<an::SalesReportRow>(
            "RECEIVED",
            [](const an::SalesReportRow& r) { return Money(r.current().received_amount()); }),
        Num<an::SalesReportRow>(
            "RECEIVED BEFORE",
            [](const an::SalesReportRow& r) { return Money(r.previous().received_amount()); }),
        Num<an::SalesReportRow>(
            "OUTSTANDING",
            [](const an::SalesReportRow& r) { return Money(r.current().outstanding_amount()); }),
        Num<an::SalesReportRow>("CONTACTS",
                                [](const an::SalesReportRow& r) {
                                  return std::to_string(r.current().contacts_completed());
                                }),
        Num<an::SalesReportRow>("EFFECTIVENESS",
                                [](const an::SalesReportRow& r) {
                                  return PercentText(r.current().effectiveness_bp());
                                }),
        Num<an::SalesReportRow>("REFUSALS", [](const an::SalesReportRow& r) {
          return std::to_string(r.current().refusals());
        })});
  rows(an::LeadSourceRow::descriptor(),
       {Col<an::LeadSourceRow>("SOURCE",
                               [](const an::LeadSourceRow& r) {
                                 return r.lead_source().empty()
                                            ? std::string("\xE2\x80\x94")  // unknown
                                            : EnumText(r.lead_source(), "LeadSourceKind");
                               }),
        Num<an::LeadSourceRow>("CLIENTS",
                               [](const an::LeadSourceRow& r) {
                                 return std::to_string(r.current().clients_contacted());
                               }),
        Num<an::LeadSourceRow>("CONTACTS",
                               [](const an::LeadSourceRow& r) {
                                 return std::to_string(r.current().contacts_completed());
                               }),
        Num<an::LeadSourceRow>(
            "EFFECTIVENESS",
            [](const an::LeadSourceRow& r) { return PercentText(r.current().effectiveness_bp()); }),
        Num<an::LeadSourceRow>(
            "SALES",
            [](const an::LeadSourceRow& r) { return std::to_string(r.current().sales_count()); }),
        Num<an::LeadSourceRow>(
            "AREA", [](const an::LeadSourceRow& r) { return AreaText(r.current().area_dm2()); }),
        Num<an::LeadSourceRow>(
            "NET", [](const an::LeadSourceRow& r) { return Money(r.current().net_amount()); }),
        Num<an::LeadSourceRow>(
            "NET BEFORE",
            [](const an::LeadSourceRow& r) { return Money(r.previous().net_amount()); }),
        Num<an::LeadSourceRow>("CONVERSION", [](const an::LeadSourceRow& r) {
          return PercentText(r.current().conversion_bp());
        })});
  rows(an::RatingBucket::descriptor(),
       {Num<an::RatingBucket>("SCORE",
                              [](const an::RatingBucket& b) { return std::to_string(b.score()); }),
        Num<an::RatingBucket>(
            "CLIENTS", [](const an::RatingBucket& b) { return std::to_string(b.clients()); }),
        Num<an::RatingBucket>(
            "RATINGS", [](const an::RatingBucket& b) { return std::to_string(b.ratings()); }),
        Num<an::RatingBucket>(
            "SALES", [](const an::RatingBucket& b) { return std::to_string(b.sales_count()); }),
        Num<an::RatingBucket>("AREA",
                              [](const an::RatingBucket& b) { return AreaText(b.area_dm2()); }),
        Num<an::RatingBucket>("NET",
                              [](const an::RatingBucket& b) { return Money(b.net_amount()); })});
  rows(an::ReadinessFunnelStage::descriptor(),
       {Col<an::ReadinessFunnelStage>("LEVEL",
                                      [](const an::ReadinessFunnelStage& s) {
                                        return EnumText(s.level(), "ReadinessLevel");
                                      }),
        Num<an::ReadinessFunnelStage>(
            "CLIENTS",
            [](const an::ReadinessFunnelStage& s) { return std::to_string(s.clients()); }),
        Num<an::ReadinessFunnelStage>(
            "BOUGHT", [](const an::ReadinessFunnelStage& s) { return std::to_string(s.bought()); }),
        Num<an::ReadinessFunnelStage>(
            "CONVERSION",
            [](const an::ReadinessFunnelStage& s) { return PercentText(s.conversion_bp()); }),
        Num<an::ReadinessFunnelStage>(
            "AREA", [](const an::ReadinessFunnelStage& s) { return AreaText(s.area_dm2()); }),
        Num<an::ReadinessFunnelStage>(
            "NET", [](const an::ReadinessFunnelStage& s) { return Money(s.net_amount()); })});
  // The records behind a report's figure (report drill): who, with whom, at which edition.
  rows(an::ReportSale::descriptor(),
       {Col<an::ReportSale>(
            "TIME", [](const an::ReportSale& s) { return Time(s.sale_time()); }, 0),
        Ref<an::ReportSale>(
            "MANAGER", [](const an::ReportSale& s) { return s.manager(); }, kPerson),
        Ref<an::ReportSale>(
            "CLIENT", [](const an::ReportSale& s) { return s.client(); }, kPerson),
        Ref<an::ReportSale>(
            "EDITION", [](const an::ReportSale& s) { return s.edition(); }, kShort),
        Num<an::ReportSale>("AREA", [](const an::ReportSale& s) { return AreaText(s.area_dm2()); }),
        Num<an::ReportSale>("NET", [](const an::ReportSale& s) { return Money(s.net_amount()); }),
        Num<an::ReportSale>("INVOICED",
                            [](const an::ReportSale& s) { return Money(s.invoiced_amount()); }),
        Num<an::ReportSale>("OUTSTANDING",
                            [](const an::ReportSale& s) { return Money(s.outstanding_amount()); }),
        Col<an::ReportSale>(
            "SALE", [](const an::ReportSale& s) { return s.sale(); }, 0)});
  rows(an::ReportContact::descriptor(),
       {Col<an::ReportContact>(
            "COMPLETED", [](const an::ReportContact& c) { return Time(c.complete_time()); }, 0),
        Ref<an::ReportContact>(
            "OWNER", [](const an::ReportContact& c) { return c.owner(); }, kPerson),
        Ref<an::ReportContact>(
            "CLIENT", [](const an::ReportContact& c) { return c.client(); }, kPerson),
        Ref<an::ReportContact>(
            "EDITION", [](const an::ReportContact& c) { return c.edition(); }, kShort),
        Col<an::ReportContact>(
            "TYPE", [](const an::ReportContact& c) { return c.type(); }, 0),
        Col<an::ReportContact>(
            "RESULT", [](const an::ReportContact& c) { return c.result_kind(); }, 0),
        Col<an::ReportContact>(
            "CONTACT", [](const an::ReportContact& c) { return c.contact(); }, 0)});
  return views;
}

bool EndsWith(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.ends_with(suffix);
}

// One value of a field (of a repeated field: the one at `index`).
std::string ValueText(const pb::Message& message, const pb::FieldDescriptor& field, int index) {
  const pb::Reflection& r = *message.GetReflection();
  const bool repeated = field.is_repeated();
  auto integer = [&](int64_t v) {
    if (EndsWith(field.name(), "_dm2")) {
      return AreaText(v);
    }
    if (EndsWith(field.name(), "_kopecks")) {
      return MoneyText(v, "RUB");
    }
    if (EndsWith(field.name(), "_bp")) {
      return PercentText(v);
    }
    return std::to_string(v);
  };
  switch (field.cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_STRING:
      return repeated ? r.GetRepeatedString(message, &field, index) : r.GetString(message, &field);
    case pb::FieldDescriptor::CPPTYPE_INT32:
      return integer(repeated ? r.GetRepeatedInt32(message, &field, index)
                              : r.GetInt32(message, &field));
    case pb::FieldDescriptor::CPPTYPE_INT64:
      return integer(repeated ? r.GetRepeatedInt64(message, &field, index)
                              : r.GetInt64(message, &field));
    case pb::FieldDescriptor::CPPTYPE_UINT32:
      return std::to_string(repeated ? r.GetRepeatedUInt32(message, &field, index)
                                     : r.GetUInt32(message, &field));
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      return std::to_string(repeated ? r.GetRepeatedUInt64(message, &field, index)
                                     : r.GetUInt64(message, &field));
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      return YesNo(repeated ? r.GetRepeatedBool(message, &field, index)
                            : r.GetBool(message, &field));
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
      return std::to_string(repeated ? r.GetRepeatedDouble(message, &field, index)
                                     : r.GetDouble(message, &field));
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
      return std::to_string(repeated ? r.GetRepeatedFloat(message, &field, index)
                                     : r.GetFloat(message, &field));
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
      const pb::EnumValueDescriptor* v =
          repeated ? r.GetRepeatedEnum(message, &field, index) : r.GetEnum(message, &field);
      return EnumText(v->name(), field.enum_type()->name());
    }
    case pb::FieldDescriptor::CPPTYPE_MESSAGE: {
      if (!repeated && !r.HasField(message, &field)) {
        return {};
      }
      const pb::Message& sub =
          repeated ? r.GetRepeatedMessage(message, &field, index) : r.GetMessage(message, &field);
      const std::string& type = field.message_type()->full_name();
      if (type == pb::Timestamp::descriptor()->full_name()) {
        return Time(static_cast<const pb::Timestamp&>(sub));
      }
      if (type == google::type::Date::descriptor()->full_name()) {
        return Date(static_cast<const google::type::Date&>(sub));
      }
      if (type == crm::common::v1::Money::descriptor()->full_name()) {
        return Money(static_cast<const crm::common::v1::Money&>(sub));
      }
      return {};
    }
  }
  return {};
}

// Message types a generic column can show in a cell.
bool IsCellMessage(const pb::Descriptor& type) {
  return type.full_name() == pb::Timestamp::descriptor()->full_name() ||
         type.full_name() == google::type::Date::descriptor()->full_name() ||
         type.full_name() == crm::common::v1::Money::descriptor()->full_name();
}

std::string Header(const std::string& field_name) {
  std::string out;
  for (char c : field_name) {
    out += c == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

const View* FindView(const pb::Descriptor& type) {
  static const std::map<std::string, View> views = BuildViews();
  auto it = views.find(type.full_name());
  return it == views.end() ? nullptr : &it->second;
}

std::string FieldText(const pb::Message& message, const pb::FieldDescriptor& field) {
  if (!field.is_repeated()) {
    return ValueText(message, field, 0);
  }
  std::string out;
  const int n = message.GetReflection()->FieldSize(message, &field);
  for (int i = 0; i < n; ++i) {
    std::string value = ValueText(message, field, i);
    if (!value.empty()) {
      out += (out.empty() ? "" : ", ") + value;
    }
  }
  return out;
}

View GenericRowsView(const pb::Descriptor& type) {
  View view;
  for (int i = 0; i < type.field_count(); ++i) {
    const pb::FieldDescriptor* field = type.field(i);
    if (field->name() == "etag" || EndsWith(field->name(), "_etag") ||
        (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE &&
         (field->is_repeated() || !IsCellMessage(*field->message_type())))) {
      continue;
    }
    const bool number = field->cpp_type() != pb::FieldDescriptor::CPPTYPE_STRING &&
                        field->cpp_type() != pb::FieldDescriptor::CPPTYPE_ENUM &&
                        field->cpp_type() != pb::FieldDescriptor::CPPTYPE_BOOL &&
                        field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE;
    const bool name = field->name() == "name";
    view.columns.push_back(
        {{Header(field->name()), number ? Align::kRight : Align::kLeft, name || number ? 0 : kText},
         [field](const pb::Message& m) { return FieldText(m, *field); },
         false});
  }
  return view;
}

}  // namespace crm::cli
