#pragma once

#include <nlohmann/json.hpp>
#include <string>

// JSON as YAML text, the one way the tools write YAML (`crm -o yaml`, docs/asyncapi.yaml): keys in
// the JSON's order, non-ASCII text as UTF-8, and strings a YAML reader would take for something
// else (a number, a boolean, a date: an INN with leading zeros, "1.0") in quotes.
namespace crm::cli {

std::string YamlText(const nlohmann::ordered_json& value);

}  // namespace crm::cli
