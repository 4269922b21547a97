#include "tools/cli/yaml_text.h"

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <regex>

namespace crm::cli {
namespace {

using Json = nlohmann::ordered_json;

// Whether a YAML reader would take `text`, written plain, for something other than a string: a
// number (an INN loses its leading zeros), a boolean or null (YAML 1.1's yes/no/on/off too), or a
// date or time. Such strings are written in quotes.
bool ReadsAsNonString(const std::string& text) {
  static const std::regex kNonString(
      "[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?"  // decimal numbers
      "|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+"                           // other bases
      "|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?"                // sexagesimal (1.1)
      "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"
      "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?"  // dates and times
      "|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE"
      "|on|On|ON|off|Off|OFF|null|Null|NULL|~");
  return std::regex_match(text, kNonString);
}

void EmitYaml(YAML::Emitter& out, const Json& value) {
  if (value.is_object()) {
    out << YAML::BeginMap;
    for (const auto& [key, item] : value.items()) {
      out << YAML::Key << key << YAML::Value;
      EmitYaml(out, item);
    }
    out << YAML::EndMap;
  } else if (value.is_array()) {
    out << YAML::BeginSeq;
    for (const auto& item : value) {
      EmitYaml(out, item);
    }
    out << YAML::EndSeq;
  } else if (value.is_string()) {
    const std::string text = value.get<std::string>();
    if (ReadsAsNonString(text)) {
      out << YAML::DoubleQuoted;
    }
    out << text;
  } else if (value.is_boolean()) {
    out << value.get<bool>();
  } else if (value.is_number_integer()) {
    out << value.get<int64_t>();
  } else if (value.is_number()) {
    out << value.dump();
  } else {
    out << YAML::Null;
  }
}

}  // namespace

std::string YamlText(const Json& value) {
  YAML::Emitter out;
  out.SetOutputCharset(YAML::EmitNonAscii);
  EmitYaml(out, value);
  return std::string(out.c_str()) + "\n";
}

}  // namespace crm::cli
