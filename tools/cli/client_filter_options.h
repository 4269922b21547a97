#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "crm/registry/v1/registry.pb.h"

// The options of a crm.registry.v1.ClientFilter, shared by every command that selects clients by
// a filter (search, group members by filter, a project's client base).
namespace crm::cli {

class ClientFilterOptions {
 public:
  // --query, --inn, --phone, --email, --region, --district, --industry, --state, --legal-form,
  // --head-client and the organisation options below, writing into `*filter` (which must
  // outlive the command).
  static std::shared_ptr<ClientFilterOptions> AddAll(CLI::App* command,
                                                     registry::v1::ClientFilter* filter);
  // Only --group, --project, --competitor, --year, --curator and --curator-project.
  static std::shared_ptr<ClientFilterOptions> AddOrganisation(CLI::App* command);

  // Copies the repeated options into `filter` (replacing what those fields held).
  void Fill(registry::v1::ClientFilter* filter) const;

 private:
  void AddOrganisationOptions(CLI::App* command);

  bool basic_ = false;
  std::vector<std::string> regions_, districts_, industries_, states_, forms_;
  std::vector<std::string> groups_, projects_, competitors_, curators_, curator_projects_;
  std::vector<int> years_;
};

}  // namespace crm::cli
