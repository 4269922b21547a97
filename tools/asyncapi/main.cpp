// crm-asyncapi: writes the AsyncAPI 3.0 document of the CRM event stream (docs/asyncapi.yaml)
// from the typed topics (crm/events/v1/*_topics.h) and the event protos' descriptors: one channel
// per subject, its payload's JSON schema as protobuf's JSON mapping prints it, and the CloudEvents
// headers the outbox relay sets.
//
//   crm-asyncapi --descriptor-set build/crm_descriptor_set.pb --out docs/asyncapi.yaml
//   crm-asyncapi --descriptor-set build/crm_descriptor_set.pb --check docs/asyncapi.yaml
//
// The descriptor set (built with --include_source_info) supplies the proto comments, which become
// the descriptions. --check exits 1 when the file differs from what would be written.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/core/files.h"
#include "crm/events/v1/accounting_topics.h"
#include "crm/events/v1/documents_topics.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/events/v1/registry_topics.h"
#include "tools/cli/yaml_text.h"

namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using Json = nlohmann::ordered_json;

// Every producing service's topics, in the order the document lists them.
const std::span<const crm::common::bus::TopicInfo> kTopicLists[] = {
    crm::events::v1::kRegistryTopics, crm::events::v1::kPlanningTopics,
    crm::events::v1::kDocumentsTopics, crm::events::v1::kAccountingTopics};

std::string Trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \n");
  const auto end = text.find_last_not_of(" \n");
  return begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
}

// A proto comment as prose: the lines of a paragraph joined, paragraphs kept apart.
std::string Prose(const std::string& comment) {
  std::istringstream lines(comment);
  std::string line, out;
  bool paragraph_break = false;
  while (std::getline(lines, line)) {
    line = Trim(line);
    if (line.empty()) {
      paragraph_break = !out.empty();
      continue;
    }
    out += out.empty() ? "" : (paragraph_break ? "\n\n" : " ");
    out += line;
    paragraph_break = false;
  }
  return out;
}

template <class D>
std::string DescriptionOf(const D* descriptor) {
  google::protobuf::SourceLocation location;
  return descriptor->GetSourceLocation(&location) ? Prose(location.leading_comments) : "";
}

class SchemaBuilder {
 public:
  // The schema of a message-typed value: a reference, or the JSON form of a well-known type.
  Json MessageValue(const Descriptor* message) {
    const std::string& name = message->full_name();
    if (name == "google.protobuf.Timestamp") {
      return {{"type", "string"}, {"format", "date-time"}};
    }
    if (name == "google.protobuf.Duration") {
      return {{"type", "string"}, {"pattern", "^-?[0-9]+(\\.[0-9]+)?s$"}};
    }
    if (name == "google.protobuf.FieldMask") {
      return {{"type", "string"}};
    }
    if (name.starts_with("google.protobuf.")) {
      throw std::runtime_error("the generator has no JSON mapping for well-known type " + name +
                               "; add it to SchemaBuilder::MessageValue");
    }
    Define(message);
    return {{"$ref", "#/components/schemas/" + name}};
  }

  const std::map<std::string, Json>& schemas() const { return schemas_; }

 private:
  void Define(const Descriptor* message) {
    const std::string& name = message->full_name();
    if (schemas_.contains(name)) {
      return;
    }
    // Entered before the fields are read, so a message that contains itself (directly or through
    // another message) gets a $ref to this name instead of endless recursion; the full schema
    // replaces the entry below.
    schemas_[name] = Json::object();
    Json schema = {{"type", "object"}};
    if (std::string description = DescriptionOf(message); !description.empty()) {
      schema["description"] = description;
    }
    Json properties = Json::object();
    for (int i = 0; i < message->field_count(); ++i) {
      const FieldDescriptor* field = message->field(i);
      Json property = Field(field);
      if (std::string description = DescriptionOf(field); !description.empty()) {
        property["description"] = description;
      }
      properties[field->json_name()] = property;
    }
    schema["properties"] = properties;
    schemas_[name] = schema;
  }

  Json Field(const FieldDescriptor* field) {
    if (field->is_map()) {
      return {{"type", "object"},
              {"additionalProperties", Value(field->message_type()->map_value())}};
    }
    if (field->is_repeated()) {
      return {{"type", "array"}, {"items", Value(field)}};
    }
    return Value(field);
  }

  // One value of the field (an element, for a repeated field), as protobuf's JSON mapping
  // prints it: 64-bit integers as strings, enums by name, bytes in base64.
  Json Value(const FieldDescriptor* field) {
    switch (field->type()) {
      case FieldDescriptor::TYPE_STRING:
        return {{"type", "string"}};
      case FieldDescriptor::TYPE_BOOL:
        return {{"type", "boolean"}};
      case FieldDescriptor::TYPE_INT32:
      case FieldDescriptor::TYPE_SINT32:
      case FieldDescriptor::TYPE_SFIXED32:
        return {{"type", "integer"}, {"format", "int32"}};
      case FieldDescriptor::TYPE_UINT32:
      case FieldDescriptor::TYPE_FIXED32:
        return {{"type", "integer"}, {"format", "int32"}, {"minimum", 0}};
      case FieldDescriptor::TYPE_INT64:
      case FieldDescriptor::TYPE_SINT64:
      case FieldDescriptor::TYPE_SFIXED64:
        return {{"type", "string"}, {"format", "int64"}, {"pattern", "^-?[0-9]+$"}};
      case FieldDescriptor::TYPE_UINT64:
      case FieldDescriptor::TYPE_FIXED64:
        return {{"type", "string"}, {"format", "int64"}, {"pattern", "^[0-9]+$"}};
      case FieldDescriptor::TYPE_FLOAT:
        return {{"type", "number"}, {"format", "float"}};
      case FieldDescriptor::TYPE_DOUBLE:
        return {{"type", "number"}, {"format", "double"}};
      case FieldDescriptor::TYPE_BYTES:
        return {{"type", "string"}, {"contentEncoding", "base64"}};
      case FieldDescriptor::TYPE_ENUM:
        return Enum(field->enum_type());
      case FieldDescriptor::TYPE_MESSAGE:
      case FieldDescriptor::TYPE_GROUP:
        return MessageValue(field->message_type());
    }
    throw std::runtime_error("unknown field type of " + field->full_name());
  }

  static Json Enum(const EnumDescriptor* type) {
    Json names = Json::array();
    for (int i = 0; i < type->value_count(); ++i) {
      names.push_back(type->value(i)->name());
    }
    return {{"type", "string"}, {"enum", names}};
  }

  std::map<std::string, Json> schemas_;
};

// The CloudEvents headers every event carries (binary mode, NATS protocol binding).
Json CloudEventsHeaders() {
  Json properties = {
      {"ce-specversion", {{"type", "string"}, {"const", "1.0"}}},
      {"ce-id",
       {{"type", "string"},
        {"format", "uuid"},
        {"description", "The event id: deduplicate by it."}}},
      {"ce-source", {{"type", "string"}, {"description", "The producing service: crm/<service>."}}},
      {"ce-type", {{"type", "string"}, {"description", "The subject and the schema version."}}},
      {"ce-time",
       {{"type", "string"},
        {"format", "date-time"},
        {"description", "When the change was committed."}}},
      {"ce-subject",
       {{"type", "string"},
        {"description", "The resource the event is about (absent when there is none)."}}},
      {"ce-dataschema",
       {{"type", "string"}, {"description", "The protobuf message of the payload."}}},
      {"ce-requestid",
       {{"type", "string"},
        {"description", "The API request that caused the event (for tracing; may be absent)."}}},
      {"content-type", {{"type", "string"}, {"const", "application/json"}}},
      {"Nats-Msg-Id",
       {{"type", "string"},
        {"description",
         "JetStream deduplication: the event id (another value when an operator re-drives a "
         "dead letter)."}}},
  };
  return {{"type", "object"},
          {"properties", properties},
          {"required",
           {"ce-specversion", "ce-id", "ce-source", "ce-type", "ce-time", "ce-dataschema",
            "content-type", "Nats-Msg-Id"}}};
}

Json Document(const google::protobuf::DescriptorPool& pool) {
  SchemaBuilder schemas;
  Json channels = Json::object();
  Json operations = Json::object();
  for (const auto& list : kTopicLists) {
    for (const crm::common::bus::TopicInfo& topic : list) {
      const std::string subject(topic.subject);
      const std::string type_name = topic.descriptor()->full_name();
      const Descriptor* payload = pool.FindMessageTypeByName(type_name);
      if (payload == nullptr) {
        throw std::runtime_error(type_name + " is not in the descriptor set");
      }
      const std::string service = subject.substr(4, subject.find('.', 4) - 4);
      Json message = {
          {"name", payload->name()},
          {"title", payload->name()},
          {"contentType", "application/json"},
          {"headers",
           {{"allOf",
             {{{"$ref", "#/components/schemas/CloudEventsHeaders"}},
              {{"type", "object"},
               {"properties",
                {{"ce-source", {{"const", "crm/" + service}}},
                 {"ce-type", {{"const", subject + ".v1"}}},
                 {"ce-dataschema", {{"const", type_name}}}}}}}}}},
          {"payload", schemas.MessageValue(payload)},
      };
      if (std::string description = DescriptionOf(payload); !description.empty()) {
        message["description"] = description;
      }
      Json channel = {{"address", subject}, {"messages", {{payload->name(), message}}}};
      channels[subject] = channel;
      operations[subject] = {
          {"action", "send"},
          {"channel", {{"$ref", "#/channels/" + subject}}},
          {"messages", {{{"$ref", "#/channels/" + subject + "/messages/" + payload->name()}}}}};
    }
  }
  Json components_schemas = {{"CloudEventsHeaders", CloudEventsHeaders()}};
  for (const auto& [name, schema] : schemas.schemas()) {
    components_schemas[name] = schema;
  }
  return {
      {"asyncapi", "3.0.0"},
      {"info",
       {{"title", "Expo CRM domain events"},
        {"version", "v1"},
        {"description",
         "Every business fact of Expo CRM as an event on NATS JetStream (stream CRM, subjects "
         "crm.>). Payloads are protobuf messages (package crm.events.v1) in protobuf's canonical "
         "JSON; fields with default values are omitted and subscribers ignore fields they do not "
         "know. Headers follow CloudEvents 1.0, binary mode. Generated by crm-asyncapi from the "
         "typed topics and the protos; docs/events.md explains each event."}}},
      {"defaultContentType", "application/json"},
      {"channels", channels},
      {"operations", operations},
      {"components", {{"schemas", components_schemas}}},
  };
}

std::string Yaml(const Json& document) {
  return "# Generated by crm-asyncapi (tools/asyncapi) from proto/crm/events/v1; do not edit.\n" +
         crm::cli::YamlText(document);
}

google::protobuf::FileDescriptorSet ReadDescriptorSet(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  google::protobuf::FileDescriptorSet set;
  if (!in || !set.ParseFromIstream(&in)) {
    throw std::runtime_error("cannot read the descriptor set " + path);
  }
  return set;
}

int Usage() {
  std::cerr << "usage: crm-asyncapi --descriptor-set FILE (--out FILE | --check FILE)\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string descriptor_set, out, check;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    (flag == "--descriptor-set" ? descriptor_set : flag == "--out" ? out : check) = argv[i + 1];
    if (flag != "--descriptor-set" && flag != "--out" && flag != "--check") {
      return Usage();
    }
  }
  if (descriptor_set.empty() || out.empty() == check.empty()) {
    return Usage();
  }
  try {
    google::protobuf::DescriptorPool pool;
    const google::protobuf::FileDescriptorSet files = ReadDescriptorSet(descriptor_set);
    for (const auto& file : files.file()) {
      if (pool.BuildFile(file) == nullptr) {
        throw std::runtime_error("cannot load " + file.name() + " from the descriptor set");
      }
    }
    const std::string document = Yaml(Document(pool));
    if (!out.empty()) {
      std::ofstream(out, std::ios::binary) << document;
      return 0;
    }
    if (crm::common::ReadWholeFile(check, "the AsyncAPI document") != document) {
      std::cerr << check << " differs from the events' declarations; regenerate it with "
                << "`cmake --build <build dir> --target crm_asyncapi_update` and commit it\n";
      return 1;
    }
    std::cout << check << " is up to date\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "crm-asyncapi: " << e.what() << "\n";
    return 1;
  }
}
