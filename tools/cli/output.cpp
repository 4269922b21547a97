#include "tools/cli/output.h"

#include <google/protobuf/util/json_util.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

#include "tools/cli/parse.h"
#include "tools/cli/views.h"
#include "tools/cli/yaml_text.h"

namespace crm::cli {
namespace {

namespace pb = google::protobuf;
using Json = nlohmann::ordered_json;

// The items of a List/Search/Find response: its first repeated message field. A resource's own
// repeated fields (a client's phones) are not a list.
const pb::FieldDescriptor* ItemsField(const pb::Message& message) {
  const pb::Descriptor& type = *message.GetDescriptor();
  // A report's table: its `rows` (then its `total` row), a funnel's `stages` or the ratings'
  // `buckets`.
  for (const char* name : {"rows", "stages", "buckets"}) {
    const pb::FieldDescriptor* field = type.FindFieldByName(name);
    if (field != nullptr && field->is_repeated() &&
        field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      return field;
    }
  }
  if (!type.name().ends_with("Response")) {
    return nullptr;
  }
  // A response with several lists (a drill-down's sales or contacts) fills the one asked for:
  // the first that has items, else the first.
  const pb::FieldDescriptor* first = nullptr;
  for (int i = 0; i < type.field_count(); ++i) {
    const pb::FieldDescriptor* field = type.field(i);
    if (field->is_repeated() && field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE &&
        !field->is_map()) {
      if (message.GetReflection()->FieldSize(message, field) > 0) {
        return field;
      }
      if (first == nullptr) {
        first = field;
      }
    }
  }
  return first;
}

std::string Cell(const ViewColumn& column, const pb::Message& item,
                 const std::map<std::string, std::string>& names) {
  std::string value = column.value(item);
  if (column.resolve) {
    if (auto it = names.find(value); it != names.end()) {
      return it->second;
    }
  }
  return value;
}

std::map<std::string, std::string> ResolveNames(const View& view,
                                                const std::vector<const pb::Message*>& items,
                                                const NameResolver& resolve) {
  std::set<std::string> wanted;
  for (const ViewColumn& column : view.columns) {
    if (!column.resolve) {
      continue;
    }
    for (const pb::Message* item : items) {
      std::string value = column.value(*item);
      if (!value.empty()) {
        wanted.insert(std::move(value));
      }
    }
  }
  if (wanted.empty() || !resolve) {
    return {};
  }
  return resolve(wanted);
}

std::string RenderRows(const View& view, const std::vector<const pb::Message*>& items,
                       const NameResolver& resolve, std::size_t fit_width) {
  const auto names = ResolveNames(view, items, resolve);
  std::vector<TableColumn> columns;
  for (const ViewColumn& column : view.columns) {
    columns.push_back(column.column);
  }
  std::vector<std::vector<std::string>> rows;
  for (const pb::Message* item : items) {
    std::vector<std::string> row;
    for (const ViewColumn& column : view.columns) {
      row.push_back(Cell(column, *item, names));
    }
    rows.push_back(std::move(row));
  }
  return RenderTable(columns, rows, fit_width);
}

std::string RenderRecord(const View& view, const pb::Message& message,
                         const NameResolver& resolve) {
  const auto names = ResolveNames(view, {&message}, resolve);
  std::vector<std::pair<std::string, std::string>> fields;
  for (const ViewColumn& column : view.columns) {
    fields.emplace_back(column.column.header, Cell(column, message, names));
  }
  return RenderFields(fields);
}

// "contact_persons" -> "contact persons".
std::string Words(const std::string& field_name) {
  std::string out = field_name;
  for (char& c : out) {
    if (c == '_') {
      c = ' ';
    }
  }
  return out;
}

// A report of several tables (the market analysis: the base by district, region, industry and
// size, competitors, editions, growth) without a written view: its own figures as "label value"
// lines, then each non-empty list under its name as a table of its items' figures. A message with
// no list at all is shown whole as YAML.
Printed RenderSections(const pb::Message& message, const NameResolver& resolve,
                       std::size_t fit_width) {
  const pb::Descriptor& type = *message.GetDescriptor();
  const pb::Reflection& reflection = *message.GetReflection();
  std::vector<const pb::FieldDescriptor*> lists;
  for (int i = 0; i < type.field_count(); ++i) {
    const pb::FieldDescriptor* field = type.field(i);
    if (field->is_repeated() && field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE &&
        !field->is_map()) {
      lists.push_back(field);
    }
  }
  if (lists.empty()) {
    return {ToYaml(message), {}};
  }
  std::string out;
  if (const View own = GenericRowsView(type); !own.columns.empty()) {
    out += RenderRecord(own, message, resolve);
  }
  for (const pb::FieldDescriptor* field : lists) {
    const int size = reflection.FieldSize(message, field);
    if (size == 0) {
      continue;
    }
    std::vector<const pb::Message*> items;
    items.reserve(static_cast<std::size_t>(size));
    for (int i = 0; i < size; ++i) {
      items.push_back(&reflection.GetRepeatedMessage(message, field, i));
    }
    const View* view = FindView(*field->message_type());
    const View generic = view == nullptr ? GenericRowsView(*field->message_type()) : View{};
    std::string heading = Words(field->name());
    heading[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(heading[0])));
    out += "\n" + heading + "\n" +
           RenderRows(view == nullptr ? generic : *view, items, resolve, fit_width);
  }
  return {out, {}};
}

Printed RenderTableOutput(const pb::Message& message, const NameResolver& resolve,
                          std::size_t fit_width) {
  const pb::Descriptor& type = *message.GetDescriptor();
  if (const View* view = FindView(type)) {
    if (view->shape == View::Shape::kFields) {
      return {RenderRecord(*view, message, resolve), {}};
    }
    return {RenderRows(*view, {&message}, resolve, fit_width), {}};
  }
  const pb::FieldDescriptor* items_field = ItemsField(message);
  if (items_field == nullptr) {
    return RenderSections(message, resolve, fit_width);
  }
  const pb::Reflection& reflection = *message.GetReflection();
  std::vector<const pb::Message*> items;
  items.reserve(reflection.FieldSize(message, items_field));
  for (int i = 0; i < reflection.FieldSize(message, items_field); ++i) {
    items.push_back(&reflection.GetRepeatedMessage(message, items_field, i));
  }
  // A report's total, as its last row.
  if (const pb::FieldDescriptor* total = type.FindFieldByName("total");
      total != nullptr && !total->is_repeated() &&
      total->message_type() == items_field->message_type() && reflection.HasField(message, total) &&
      !items.empty()) {
    items.push_back(&reflection.GetMessage(message, total));
  }
  Printed printed;
  if (items.empty()) {
    printed.note = "no " + Words(items_field->name()) + "\n";
  } else {
    const pb::Descriptor& item_type = *items_field->message_type();
    const View* view = FindView(item_type);
    const View generic = view == nullptr ? GenericRowsView(item_type) : View{};
    printed.out = RenderRows(view == nullptr ? generic : *view, items, resolve, fit_width);
  }
  // A list that counts what its filter matches (AIP-158 total_size) says how many in all.
  if (const pb::FieldDescriptor* total = type.FindFieldByName("total_size");
      total != nullptr && total->cpp_type() == pb::FieldDescriptor::CPPTYPE_INT32 &&
      reflection.GetInt32(message, total) > 0) {
    printed.note += std::to_string(reflection.GetInt32(message, total)) + " " +
                    Words(items_field->name()) + " in all\n";
  }
  if (const pb::FieldDescriptor* next = type.FindFieldByName("next_page_token");
      next != nullptr && next->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING) {
    const std::string token = reflection.GetString(message, next);
    if (!token.empty()) {
      printed.note += "more: --page-token " + token + "\n";
    }
  }
  return printed;
}

}  // namespace

OutputFormat ParseOutputFormat(std::string_view text) {
  if (text == "table") {
    return OutputFormat::kTable;
  }
  if (text == "json") {
    return OutputFormat::kJson;
  }
  if (text == "yaml") {
    return OutputFormat::kYaml;
  }
  throw ArgumentError("output format \"" + std::string(text) +
                      "\" is not one of table, json, yaml");
}

std::string ToPrettyJson(const pb::Message& message) {
  std::string out;
  pb::util::JsonPrintOptions options;
  options.add_whitespace = true;
  auto status = pb::util::MessageToJsonString(message, &out, options);
  if (!status.ok()) {
    throw std::runtime_error("cannot print the response as JSON: " + status.ToString());
  }
  return UnescapeJsonUnicode(out);
}

std::string ToYaml(const pb::Message& message) {
  std::string json;
  auto status = pb::util::MessageToJsonString(message, &json);
  if (!status.ok()) {
    throw std::runtime_error("cannot print the response as YAML: " + status.ToString());
  }
  return YamlText(Json::parse(json));
}

Printed Render(const pb::Message& message, OutputFormat format, const NameResolver& resolve,
               std::size_t fit_width) {
  switch (format) {
    case OutputFormat::kJson:
      return {ToPrettyJson(message) + "\n", {}};
    case OutputFormat::kYaml:
      return {ToYaml(message), {}};
    case OutputFormat::kTable:
      break;
  }
  return RenderTableOutput(message, resolve, fit_width);
}

}  // namespace crm::cli
