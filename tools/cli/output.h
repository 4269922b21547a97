#pragma once

#include <google/protobuf/message.h>

#include <cstddef>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>

// How the `crm` command line prints a response: a table by default (tools/cli/views.h chooses the
// columns), or the whole message as JSON or YAML for scripts (`-o json`, `-o yaml`), as kubectl
// and gcloud do.
namespace crm::cli {

enum class OutputFormat { kTable, kJson, kYaml };

// "table" | "json" | "yaml"; throws ArgumentError otherwise.
OutputFormat ParseOutputFormat(std::string_view text);

// Given the resource names a table shows ("clients/…", "employees/…"), what each names for a
// person (a display name, a full name); names it cannot resolve are left out.
using NameResolver =
    std::function<std::map<std::string, std::string>(const std::set<std::string>& names)>;

struct Printed {
  std::string out;   // for standard output
  std::string note;  // for standard error: "no clients", the next page's token
};

// The response as `format`. Tables: a resource with a view is one row (a report: one line per
// figure); a list response is a row per item, with a note naming the next page's token; any
// other response prints as YAML. JSON is protobuf's JSON, indented, with Cyrillic as characters.
// `fit_width` > 0 narrows tables to that many columns (a terminal's width).
Printed Render(const google::protobuf::Message& message, OutputFormat format,
               const NameResolver& resolve, std::size_t fit_width = 0);

// Protobuf JSON, pretty, with non-ASCII text as UTF-8 characters rather than \u escapes.
std::string ToPrettyJson(const google::protobuf::Message& message);

// Protobuf's JSON mapping of `message` (camelCase names, enums by name, 64-bit integers as
// strings) written as a YAML block document.
std::string ToYaml(const google::protobuf::Message& message);

}  // namespace crm::cli
