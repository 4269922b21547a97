#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace crm::common {

// A random (version 4) UUID in canonical lower-case form.
std::string NewUuid();
bool IsUuid(std::string_view text);

// Resource names ("clients/{uuid}", "projects/{uuid}/editions/{uuid}"): builds and parses the
// id segments. Parsing returns nullopt unless the name has exactly the pattern's shape with
// UUIDs in the variable segments.
std::string ResourceName(std::string_view collection, std::string_view id);
std::optional<std::string> ParseResourceId(std::string_view name, std::string_view collection);
// For two-level names: "clients/{a}/contactPersons/{b}" -> {a, b}.
std::optional<std::pair<std::string, std::string>> ParseChildResourceId(
    std::string_view name, std::string_view parent_collection, std::string_view child_collection);

}  // namespace crm::common
