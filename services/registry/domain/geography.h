#pragma once

#include <optional>
#include <string_view>
#include <vector>

// A built-in reference of Russia's federal districts and federal subjects (regions). Regions are
// keyed by their two-digit tax code, the first two digits of the INNs and KPPs issued there.
namespace crm::registry {

struct FederalDistrict {
  std::string_view code;  // "VOLGA"
  std::string_view name;  // "Приволжский федеральный округ"
};

struct Region {
  std::string_view code;           // "63"
  std::string_view name;           // "Самарская область"
  std::string_view district_code;  // "VOLGA"
};

const std::vector<FederalDistrict>& FederalDistricts();
const std::vector<Region>& Regions();

std::optional<Region> FindRegion(std::string_view code);
std::optional<FederalDistrict> FindFederalDistrict(std::string_view code);

}  // namespace crm::registry
