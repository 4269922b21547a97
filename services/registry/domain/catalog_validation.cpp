// Request validation of projects, editions and employees (validation.h).
#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdlib>

#include "common/api/date.h"
#include "common/api/etag.h"
#include "common/api/request_id.h"
#include "common/api/update_mask.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/ru/requisites.h"
#include "services/registry/domain/client_rules.h"
#include "services/registry/domain/field_checks.h"
#include "services/registry/domain/geography.h"
#include "services/registry/domain/search_text.h"
#include "services/registry/domain/text.h"
#include "services/registry/domain/validation.h"

namespace crm::registry {
namespace {

using common::Violations;

// A guard against typos with extra zeros: one billion roubles per square metre.
constexpr int64_t kMaxPricePerM2Kopecks = 100'000'000'000;

}  // namespace

v1::Project ValidateCreateProject(const v1::CreateProjectRequest& request) {
  Violations v;
  common::api::CheckRequestId(v, request.request_id());
  if (!request.has_project()) {
    v.Add("project", "is required");
    v.ThrowIfAny();
  }
  v1::Project project;
  project.set_display_name(request.project().display_name());
  project.set_description(request.project().description());
  CheckName(v, "project", "display_name", project.mutable_display_name(), kRequiredName);
  CheckName(v, "project", "description", project.mutable_description(),
            {.required = false, .max_characters = kDescriptionMaxCharacters, .line_breaks = true});
  v.ThrowIfAny();
  return project;
}

NewEdition ValidateCreateEdition(const v1::CreateEditionRequest& request) {
  Violations v;
  NewEdition out;
  auto project_id = ValidateParent(v, request.parent(), "projects", "projects/{uuid}");
  common::api::CheckRequestId(v, request.request_id());
  if (!request.has_edition()) {
    v.Add("edition", "is required");
    v.ThrowIfAny();
  }
  const v1::Edition& in = request.edition();
  v1::Edition& edition = out.edition;
  edition.set_display_name(in.display_name());
  edition.set_venue(in.venue());
  CheckName(v, "edition", "display_name", edition.mutable_display_name(), kRequiredName);
  CheckName(v, "edition", "venue", edition.mutable_venue(), kOptionalName);

  const auto start =
      ReadRequiredDate(v, "edition.start_date", in.has_start_date(), in.start_date());
  const auto end = ReadRequiredDate(v, "edition.end_date", in.has_end_date(), in.end_date());
  if (start && end && *end < *start) {
    v.Add("edition.end_date", "must not be before the start date");
  }
  *edition.mutable_start_date() = in.start_date();
  *edition.mutable_end_date() = in.end_date();

  if (!in.has_price_per_m2()) {
    v.Add("edition.price_per_m2", "is required");
  } else {
    const auto& price = in.price_per_m2();
    if (price.currency_code() != "RUB") {
      v.Add("edition.price_per_m2.currency_code", "must be RUB");
    }
    if (price.minor_units() <= 0) {
      v.Add("edition.price_per_m2.minor_units", "must be a positive number of kopecks");
    } else if (price.minor_units() > kMaxPricePerM2Kopecks) {
      v.Add("edition.price_per_m2.minor_units",
            "must be at most 100000000000 kopecks (1 billion RUB per square metre)");
    }
    *edition.mutable_price_per_m2() = price;
  }
  v.ThrowIfAny();
  out.project_id = *project_id;
  return out;
}

v1::Employee ValidateCreateEmployee(const v1::CreateEmployeeRequest& request) {
  Violations v;
  common::api::CheckRequestId(v, request.request_id());
  if (!request.has_employee()) {
    v.Add("employee", "is required");
    v.ThrowIfAny();
  }
  v1::Employee employee;
  employee.set_full_name(request.employee().full_name());
  employee.set_email(request.employee().email());
  // `department` is output only (the unit's name): a new employee is in no department.
  CheckName(v, "employee", "full_name", employee.mutable_full_name(), kRequiredName);
  if (Trim(employee.email()).empty()) {
    v.Add("employee.email", "is required");
  } else {
    CheckOptionalEmail(v, "employee.email", employee.mutable_email());
  }
  v.ThrowIfAny();
  return employee;
}

ChildList ValidateListEditions(const v1::ListEditionsRequest& request, std::string_view caller) {
  Violations v;
  ChildList list;
  auto project_id = ValidateParent(v, request.parent(), "projects", "projects/{uuid}");
  if (project_id) {
    list.parent_id = *project_id;
    list.window = ReadListWindow(request, caller, v);
    // Editions are ordered by start date: the key's sort value goes to SQL as a date.
    if (list.window.after && !common::api::ParseIsoDate(list.window.after->sort)) {
      v.Add("page_token", common::api::kForeignPageToken);
    }
  }
  v.ThrowIfAny();
  return list;
}

ListWindow ValidateListProjects(const v1::ListProjectsRequest& request, std::string_view caller) {
  return ValidateListWindow(request, caller);
}

ListWindow ValidateListEmployees(const v1::ListEmployeesRequest& request, std::string_view caller) {
  return ValidateListWindow(request, caller);
}

}  // namespace crm::registry
