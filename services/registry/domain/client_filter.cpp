#include "services/registry/domain/client_filter.h"

#include <algorithm>

#include "common/api/enum_text.h"
#include "common/core/ids.h"
#include "common/ru/requisites.h"
#include "services/registry/domain/client_rules.h"
#include "services/registry/domain/field_checks.h"
#include "services/registry/domain/geography.h"
#include "services/registry/domain/search_text.h"
#include "services/registry/domain/text.h"

namespace crm::registry {
namespace {

constexpr std::size_t kQueryMaxCharacters = 200;
constexpr std::size_t kQueryMinCharacters = 2;
constexpr int kMaxValues = 100;

std::string Indexed(const std::string& path, int i) { return path + "[" + std::to_string(i) + "]"; }

// Reads a repeated field whose every value must pass `accept`; returns the distinct values.
template <class Values, class Accept>
std::vector<std::string> ReadValues(const Values& values, const std::string& path,
                                    const char* problem, common::Violations& v, Accept accept) {
  std::vector<std::string> out;
  if (values.size() > kMaxValues) {
    v.Add(path, "must list at most " + std::to_string(kMaxValues) + " values");
    return out;
  }
  for (int i = 0; i < values.size(); ++i) {
    auto accepted = accept(values.Get(i));
    if (!accepted) {
      v.Add(Indexed(path, i), problem);
    } else if (std::find(out.begin(), out.end(), *accepted) == out.end()) {
      out.push_back(*accepted);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2200;

// Accepts a resource name of `collection` and gives its id.
auto ResourceIdOf(std::string_view collection) {
  return
      [collection](const std::string& name) { return common::ParseResourceId(name, collection); };
}

// "projects/{p}" (every edition of the project) or "projects/{p}/editions/{e}" (that edition).
template <class Names>
void ReadParticipationProjects(const Names& names, const std::string& path, common::Violations& v,
                               ClientFilterSpec& spec) {
  if (names.size() > kMaxValues) {
    v.Add(path, "must list at most " + std::to_string(kMaxValues) + " values");
    return;
  }
  for (int i = 0; i < names.size(); ++i) {
    const std::string& name = names.Get(i);
    if (auto project = common::ParseResourceId(name, "projects")) {
      spec.participation_project_ids.push_back(*project);
    } else if (auto edition = common::ParseChildResourceId(name, "projects", "editions")) {
      spec.participation_edition_ids.push_back(edition->second);
      spec.edition_refs.push_back(*edition);
    } else {
      v.Add(Indexed(path, i),
            "must be a resource name like projects/{uuid} or projects/{uuid}/editions/{uuid}");
    }
  }
  for (auto* ids : {&spec.participation_project_ids, &spec.participation_edition_ids}) {
    std::sort(ids->begin(), ids->end());
    ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  }
  std::sort(spec.edition_refs.begin(), spec.edition_refs.end());
  spec.edition_refs.erase(std::unique(spec.edition_refs.begin(), spec.edition_refs.end()),
                          spec.edition_refs.end());
}

void AppendList(std::string& key, const std::vector<std::string>& values) {
  for (const std::string& value : values) {
    key += value;
    key += '\x1e';
  }
  key += '\x1f';
}

}  // namespace

ClientFilterSpec ReadClientFilter(const v1::ClientFilter& filter, std::string_view prefix,
                                  common::Violations& v) {
  ClientFilterSpec spec;
  std::string query = filter.query();
  const std::string query_path = Path(prefix, "query");
  if (auto problem = CheckText(query, {.required = false, .max_characters = kQueryMaxCharacters})) {
    v.Add(query_path, *problem);
  } else if (!query.empty()) {
    spec.name_query = NormalizeCompanyName(query);
    if (CharacterCount(spec.name_query) < kQueryMinCharacters) {
      v.Add(query_path,
            "must hold at least 2 characters of a name besides legal-form words and quotes");
    }
  }

  spec.inn = Trim(filter.inn());
  if (!spec.inn.empty()) {
    v.AddIf(Path(prefix, "inn"), common::ru::ValidateInn(spec.inn));
  }
  const std::string phone = Trim(filter.phone());
  if (!phone.empty()) {
    if (auto problem = CheckPhone(phone)) {
      v.Add(Path(prefix, "phone"), *problem);
    } else {
      spec.phone_digits = NormalizePhoneDigits(phone);
    }
  }
  const std::string email = Trim(filter.email());
  if (!email.empty()) {
    if (auto problem = CheckEmail(email)) {
      v.Add(Path(prefix, "email"), *problem);
    } else {
      spec.email_key = NormalizeEmail(email);
    }
  }

  spec.region_codes = ReadValues(filter.region_codes(), Path(prefix, "region_codes"),
                                 "must be the two-digit code of a federal subject", v,
                                 [](const std::string& code) -> std::optional<std::string> {
                                   if (!FindRegion(code)) {
                                     return std::nullopt;
                                   }
                                   return code;
                                 });
  spec.federal_district_codes =
      ReadValues(filter.federal_district_codes(), Path(prefix, "federal_district_codes"),
                 "must be a federal district code such as VOLGA or CENTRAL", v,
                 [](const std::string& code) -> std::optional<std::string> {
                   if (!FindFederalDistrict(code)) {
                     return std::nullopt;
                   }
                   return code;
                 });
  spec.industry_codes = ReadValues(filter.industry_codes(), Path(prefix, "industry_codes"),
                                   "is not a code of the industry classifier", v,
                                   [](const std::string& code) -> std::optional<std::string> {
                                     if (!IsIndustryCode(code)) {
                                       return std::nullopt;
                                     }
                                     return code;
                                   });
  spec.verification_states =
      ReadValues(filter.verification_states(), Path(prefix, "verification_states"),
                 "must be a verification state other than UNSPECIFIED", v,
                 [](int state) -> std::optional<std::string> {
                   const auto value = static_cast<v1::VerificationState>(state);
                   if (!common::api::IsSpecified(value)) {
                     return std::nullopt;
                   }
                   return VerificationStateText::Of(value);
                 });
  spec.legal_forms = ReadValues(filter.legal_forms(), Path(prefix, "legal_forms"),
                                "must be a legal form other than UNSPECIFIED", v,
                                [](int form) -> std::optional<std::string> {
                                  const auto value = static_cast<v1::LegalForm>(form);
                                  if (!common::api::IsSpecified(value)) {
                                    return std::nullopt;
                                  }
                                  return LegalFormText::Of(value);
                                });

  const std::string head = Trim(filter.head_client());
  if (!head.empty()) {
    if (auto id = common::ParseResourceId(head, "clients")) {
      spec.head_client_id = *id;
    } else {
      v.Add(Path(prefix, "head_client"), "must be a resource name like clients/{uuid}");
    }
  }

  spec.group_ids =
      ReadValues(filter.groups(), Path(prefix, "groups"),
                 "must be a resource name like groups/{uuid}", v, ResourceIdOf("groups"));
  ReadParticipationProjects(filter.projects(), Path(prefix, "projects"), v, spec);
  spec.participation_competitor_ids =
      ReadValues(filter.competitor_exhibitions(), Path(prefix, "competitor_exhibitions"),
                 "must be a resource name like competitorExhibitions/{uuid}", v,
                 ResourceIdOf("competitorExhibitions"));
  const std::string years_path = Path(prefix, "participation_years");
  if (filter.participation_years_size() > kMaxValues) {
    v.Add(years_path, "must list at most " + std::to_string(kMaxValues) + " values");
  } else {
    for (int i = 0; i < filter.participation_years_size(); ++i) {
      const int year = filter.participation_years(i);
      if (year < kMinYear || year > kMaxYear) {
        v.Add(Indexed(years_path, i), "must be a year between 1900 and 2200");
      } else if (std::find(spec.participation_years.begin(), spec.participation_years.end(),
                           year) == spec.participation_years.end()) {
        spec.participation_years.push_back(year);
      }
    }
    std::sort(spec.participation_years.begin(), spec.participation_years.end());
  }
  spec.curator_employee_ids =
      ReadValues(filter.curators(), Path(prefix, "curators"),
                 "must be a resource name like employees/{uuid}", v, ResourceIdOf("employees"));
  spec.curator_project_ids =
      ReadValues(filter.curator_projects(), Path(prefix, "curator_projects"),
                 "must be a resource name like projects/{uuid}", v, ResourceIdOf("projects"));
  return spec;
}

std::string ClientFilterKey(const ClientFilterSpec& spec) {
  std::string key;
  for (const std::string* value :
       {&spec.name_query, &spec.inn, &spec.phone_digits, &spec.email_key, &spec.head_client_id}) {
    key += *value;
    key += '\x1f';
  }
  for (const auto* values : {&spec.region_codes, &spec.federal_district_codes, &spec.industry_codes,
                             &spec.verification_states, &spec.legal_forms, &spec.group_ids,
                             &spec.participation_project_ids, &spec.participation_edition_ids,
                             &spec.participation_competitor_ids, &spec.curator_employee_ids,
                             &spec.curator_project_ids}) {
    AppendList(key, *values);
  }
  for (int year : spec.participation_years) {
    key += std::to_string(year);
    key += '\x1e';
  }
  key += '\x1f';
  return key;
}

bool HasAnyCondition(const ClientFilterSpec& spec) {
  return ClientFilterKey(spec) != ClientFilterKey(ClientFilterSpec{});
}

bool HasOrganisationConditions(const ClientFilterSpec& spec) {
  return !spec.group_ids.empty() || !spec.participation_project_ids.empty() ||
         !spec.participation_edition_ids.empty() || !spec.participation_competitor_ids.empty() ||
         !spec.curator_employee_ids.empty() || !spec.curator_project_ids.empty();
}

}  // namespace crm::registry
