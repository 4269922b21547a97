#include "tools/cli/client_filter_options.h"

namespace crm::cli {
namespace {

namespace reg = crm::registry::v1;

template <class Enum, class Parse>
Enum ParseFilterEnum(const std::string& name, Parse parse, const char* option) {
  Enum value;
  if (!parse(name, &value)) {
    throw CLI::ValidationError(option, "unknown value " + name);
  }
  return value;
}

template <class Field>
void Replace(Field* field, const std::vector<std::string>& values) {
  field->Clear();
  for (const std::string& value : values) {
    *field->Add() = value;
  }
}

}  // namespace

std::shared_ptr<ClientFilterOptions> ClientFilterOptions::AddAll(CLI::App* command,
                                                                 reg::ClientFilter* filter) {
  auto options = std::make_shared<ClientFilterOptions>();
  options->basic_ = true;
  command->add_option("--query", *filter->mutable_query(), "Name fragment");
  command->add_option("--inn", *filter->mutable_inn(), "Exact INN");
  command->add_option("--phone", *filter->mutable_phone(), "Phone in any formatting");
  command->add_option("--email", *filter->mutable_email(), "E-mail address");
  command->add_option("--region", options->regions_, "Region code, e.g. 63 (repeatable)");
  command->add_option("--district", options->districts_,
                      "Federal district: CENTRAL, VOLGA, ... (repeatable)");
  command->add_option("--industry", options->industries_, "Industry code (repeatable)");
  command->add_option("--state", options->states_,
                      "PENDING_VERIFICATION, VERIFIED, REJECTED or FLAGGED (repeatable)");
  command->add_option("--legal-form", options->forms_, "OOO, AO, PAO, IP, ... (repeatable)");
  command->add_option("--head-client", *filter->mutable_head_client(),
                      "clients/<uuid>: that company's branches");
  options->AddOrganisationOptions(command);
  return options;
}

std::shared_ptr<ClientFilterOptions> ClientFilterOptions::AddOrganisation(CLI::App* command) {
  auto options = std::make_shared<ClientFilterOptions>();
  options->AddOrganisationOptions(command);
  return options;
}

void ClientFilterOptions::AddOrganisationOptions(CLI::App* command) {
  command->add_option("--group", groups_, "groups/<uuid>: members of any (repeatable)");
  command->add_option("--project", projects_,
                      "projects/<uuid> or projects/<uuid>/editions/<uuid>: took part (repeatable)");
  command->add_option("--competitor", competitors_,
                      "competitorExhibitions/<uuid>: took part (repeatable)");
  command->add_option("--year", years_, "Year of participation (repeatable)");
  command->add_option("--curator", curators_,
                      "employees/<uuid>: curated by any of them now (repeatable)");
  command->add_option("--curator-project", curator_projects_,
                      "projects/<uuid>: count curators in these projects only (repeatable)");
}

void ClientFilterOptions::Fill(reg::ClientFilter* filter) const {
  if (basic_) {
    Replace(filter->mutable_region_codes(), regions_);
    Replace(filter->mutable_federal_district_codes(), districts_);
    Replace(filter->mutable_industry_codes(), industries_);
    filter->clear_verification_states();
    for (const auto& state : states_) {
      filter->add_verification_states(ParseFilterEnum<reg::VerificationState>(
          "VERIFICATION_STATE_" + state, reg::VerificationState_Parse, "--state"));
    }
    filter->clear_legal_forms();
    for (const auto& form : forms_) {
      filter->add_legal_forms(ParseFilterEnum<reg::LegalForm>(
          "LEGAL_FORM_" + form, reg::LegalForm_Parse, "--legal-form"));
    }
  }
  Replace(filter->mutable_groups(), groups_);
  Replace(filter->mutable_projects(), projects_);
  Replace(filter->mutable_competitor_exhibitions(), competitors_);
  Replace(filter->mutable_curators(), curators_);
  Replace(filter->mutable_curator_projects(), curator_projects_);
  filter->clear_participation_years();
  for (int year : years_) {
    filter->add_participation_years(year);
  }
}

}  // namespace crm::cli
