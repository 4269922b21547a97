#include "services/gateway/openapi.h"

#include <google/protobuf/descriptor.pb.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <set>

#include "google/api/field_behavior.pb.h"

namespace crm::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using nlohmann::json;

// "clients" -> "client_id", "contactPersons" -> "contactPerson_id".
std::string ParameterFor(const std::string& collection) {
  std::string singular = collection;
  if (singular.size() > 3 && singular.compare(singular.size() - 3, 3, "ies") == 0) {
    singular = singular.substr(0, singular.size() - 3) + "y";
  } else if (singular.size() > 1 && singular.back() == 's') {
    singular.pop_back();
  }
  return singular + "_id";
}

// Each `*` of a variable's pattern becomes a parameter; plain variables keep their field path.
struct PathParameter {
  std::string name;
  std::string field;    // the request field the parameter fills (part of)
  std::string pattern;  // the variable's pattern, e.g. "clients/*"
};

std::vector<PathParameter> ParametersOf(const PathTemplate& path, std::string* rendered) {
  std::vector<PathParameter> params;
  std::string out;
  const auto& segments = path.segments();
  std::size_t vi = 0;
  for (std::size_t si = 0; si < segments.size(); ++si) {
    const auto* variable = vi < path.variables().size() && path.variables()[vi].begin <= si &&
                                   si < path.variables()[vi].end
                               ? &path.variables()[vi]
                               : nullptr;
    std::string field;
    std::string pattern;
    if (variable != nullptr) {
      for (const auto& f : variable->field_path) {
        field += (field.empty() ? "" : ".") + f;
      }
      for (std::size_t k = variable->begin; k < variable->end; ++k) {
        const auto& s = segments[k];
        pattern += (k == variable->begin ? "" : "/") +
                   (s.kind == PathTemplate::Segment::Kind::kLiteral  ? s.literal
                    : s.kind == PathTemplate::Segment::Kind::kSingle ? std::string("*")
                                                                     : std::string("**"));
      }
    }
    const auto& s = segments[si];
    out += '/';
    if (s.kind == PathTemplate::Segment::Kind::kLiteral) {
      out += s.literal;
    } else if (variable != nullptr && variable->end - variable->begin == 1) {
      out += "{" + field + "}";
      params.push_back({field, field, pattern});
    } else {
      std::string collection =
          si > 0 && segments[si - 1].kind == PathTemplate::Segment::Kind::kLiteral
              ? segments[si - 1].literal
              : "segment" + std::to_string(si);
      std::string name = ParameterFor(collection);
      out += "{" + name + "}";
      params.push_back({name, field, pattern});
    }
    if (variable != nullptr && si + 1 == variable->end) {
      ++vi;
    }
  }
  if (!path.verb().empty()) {
    out += ":" + path.verb();
  }
  *rendered = out;
  return params;
}

std::string Comments(const google::protobuf::SourceLocation& location) {
  std::string text = location.leading_comments;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    // Comment lines start with a space after "//".
    if (text[i] == ' ' && (i == 0 || text[i - 1] == '\n')) {
      continue;
    }
    out += text[i];
  }
  return out;
}

template <class D>
std::string DescriptionOf(const D* d) {
  google::protobuf::SourceLocation location;
  return d->GetSourceLocation(&location) ? Comments(location) : "";
}

std::vector<int> BehaviorOf(const FieldDescriptor* field) {
  google::protobuf::FieldOptions options;
  options.ParseFromString(field->options().SerializeAsString());
  std::vector<int> out;
  out.reserve(static_cast<std::size_t>(options.ExtensionSize(google::api::field_behavior)));
  for (int i = 0; i < options.ExtensionSize(google::api::field_behavior); ++i) {
    out.push_back(options.GetExtension(google::api::field_behavior, i));
  }
  return out;
}

bool Has(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

std::string Ref(const std::string& full_name) { return "#/components/schemas/" + full_name; }

class SchemaBuilder {
 public:
  // The schema of a value of `field`'s type (its element type when repeated).
  json ValueSchema(const FieldDescriptor* field) {
    switch (field->type()) {
      case FieldDescriptor::TYPE_INT32:
      case FieldDescriptor::TYPE_SINT32:
      case FieldDescriptor::TYPE_SFIXED32:
        return {{"type", "integer"}, {"format", "int32"}};
      case FieldDescriptor::TYPE_UINT32:
      case FieldDescriptor::TYPE_FIXED32:
        return {{"type", "integer"}, {"format", "int64"}, {"minimum", 0}};
      case FieldDescriptor::TYPE_INT64:
      case FieldDescriptor::TYPE_SINT64:
      case FieldDescriptor::TYPE_SFIXED64:
        return {{"type", "string"}, {"format", "int64"}};
      case FieldDescriptor::TYPE_UINT64:
      case FieldDescriptor::TYPE_FIXED64:
        return {{"type", "string"}, {"format", "uint64"}};
      case FieldDescriptor::TYPE_DOUBLE:
        return {{"type", "number"}, {"format", "double"}};
      case FieldDescriptor::TYPE_FLOAT:
        return {{"type", "number"}, {"format", "float"}};
      case FieldDescriptor::TYPE_BOOL:
        return {{"type", "boolean"}};
      case FieldDescriptor::TYPE_STRING:
        return {{"type", "string"}};
      case FieldDescriptor::TYPE_BYTES:
        return {{"type", "string"}, {"format", "byte"}};
      case FieldDescriptor::TYPE_ENUM:
        AddEnum(field->enum_type());
        return {{"$ref", Ref(field->enum_type()->full_name())}};
      case FieldDescriptor::TYPE_MESSAGE:
      case FieldDescriptor::TYPE_GROUP:
        return MessageSchema(field->message_type());
    }
    return json::object();
  }

  json FieldSchema(const FieldDescriptor* field) {
    if (field->is_map()) {
      return {{"type", "object"},
              {"additionalProperties", ValueSchema(field->message_type()->map_value())}};
    }
    json value = ValueSchema(field);
    return field->is_repeated() ? json{{"type", "array"}, {"items", value}} : value;
  }

  // A reference to the message's schema, or the inline JSON form of a well-known type.
  json MessageSchema(const Descriptor* type) {
    const std::string& n = type->full_name();
    if (n == "google.protobuf.Timestamp") {
      return {{"type", "string"}, {"format", "date-time"}};
    }
    if (n == "google.protobuf.Duration") {
      return {{"type", "string"}, {"pattern", "^-?[0-9]+(\\.[0-9]{1,9})?s$"}};
    }
    if (n == "google.protobuf.FieldMask") {
      return {{"type", "string"}, {"description", "comma-separated field paths"}};
    }
    if (n == "google.protobuf.Struct") {
      return {{"type", "object"}};
    }
    if (n == "google.protobuf.Value") {
      return json::object();
    }
    if (n == "google.protobuf.Empty") {
      return {{"type", "object"}};
    }
    if (n == "google.protobuf.Any") {
      return {{"type", "object"},
              {"properties", {{"@type", {{"type", "string"}}}}},
              {"additionalProperties", true}};
    }
    if (n.rfind("google.protobuf.", 0) == 0 && n.size() > 5 &&
        n.compare(n.size() - 5, 5, "Value") == 0) {
      json inner = ValueSchema(type->FindFieldByName("value"));
      inner["nullable"] = true;
      return inner;
    }
    AddMessage(type);
    return {{"$ref", Ref(n)}};
  }

  void AddEnum(const EnumDescriptor* type) {
    if (!seen_.insert(type->full_name()).second) {
      return;
    }
    json values = json::array();
    for (int i = 0; i < type->value_count(); ++i) {
      values.push_back(type->value(i)->name());
    }
    json schema = {{"type", "string"}, {"enum", values}};
    if (auto d = DescriptionOf(type); !d.empty()) {
      schema["description"] = d;
    }
    schemas_[type->full_name()] = schema;
  }

  void AddMessage(const Descriptor* type) {
    if (!seen_.insert(type->full_name()).second) {
      return;
    }
    json properties = json::object();
    json required = json::array();
    for (int i = 0; i < type->field_count(); ++i) {
      const FieldDescriptor* field = type->field(i);
      json schema = FieldSchema(field);
      std::string description = DescriptionOf(field);
      auto behavior = BehaviorOf(field);
      if (Has(behavior, google::api::OUTPUT_ONLY)) {
        schema = {{"allOf", json::array({schema})}, {"readOnly", true}};
      }
      if (!description.empty()) {
        if (schema.contains("$ref")) {
          schema = {{"allOf", json::array({schema})}};
        }
        schema["description"] = description;
      }
      if (Has(behavior, google::api::REQUIRED)) {
        required.push_back(field->json_name());
      }
      properties[field->json_name()] = schema;
    }
    json schema = {{"type", "object"}, {"properties", properties}};
    if (!required.empty()) {
      schema["required"] = required;
    }
    if (auto d = DescriptionOf(type); !d.empty()) {
      schema["description"] = d;
    }
    schemas_[type->full_name()] = schema;
  }

  json& schemas() { return schemas_; }

 private:
  std::set<std::string> seen_;
  json schemas_ = json::object();
};

bool IsScalarLike(const FieldDescriptor* field) {
  if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
    return true;
  }
  const std::string& n = field->message_type()->full_name();
  return n == "google.protobuf.Timestamp" || n == "google.protobuf.Duration" ||
         n == "google.protobuf.FieldMask" ||
         (n.rfind("google.protobuf.", 0) == 0 && n.size() > 5 &&
          n.compare(n.size() - 5, 5, "Value") == 0 && n != "google.protobuf.Value");
}

// Query parameters: every field not bound by the path or the body, nested messages as dotted
// names (a.b), down to a few levels.
void QueryParameters(const Descriptor* type, const std::string& prefix,
                     const std::set<std::string>& excluded, int depth, SchemaBuilder& schemas,
                     json& out) {
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    std::string name = prefix + field->json_name();
    std::string proto_path = prefix.empty() ? field->name() : prefix + field->name();
    if (excluded.contains(proto_path) || excluded.contains(name) || field->is_map()) {
      continue;
    }
    if (!IsScalarLike(field)) {
      if (!field->is_repeated() && depth < 3) {
        std::set<std::string> nested;
        QueryParameters(field->message_type(), name + ".", nested, depth + 1, schemas, out);
      }
      continue;
    }
    json param = {{"name", name}, {"in", "query"}, {"schema", schemas.FieldSchema(field)}};
    if (field->is_repeated()) {
      param["style"] = "form";
      param["explode"] = true;
    }
    if (auto d = DescriptionOf(field); !d.empty()) {
      param["description"] = d;
    }
    out.push_back(param);
  }
}

json ErrorResponses() {
  json status = {{"$ref", "#/components/schemas/google.rpc.Status"}};
  json content = {{"application/json", {{"schema", status}}}};
  json responses = json::object();
  const std::pair<const char*, const char*> errors[] = {
      {"400",
       "INVALID_ARGUMENT (details: google.rpc.BadRequest field violations), "
       "FAILED_PRECONDITION or OUT_OF_RANGE"},
      {"401", "UNAUTHENTICATED: no valid bearer token"},
      {"403", "PERMISSION_DENIED: the caller's roles do not allow it"},
      {"404", "NOT_FOUND (details: google.rpc.ResourceInfo)"},
      {"409", "ALREADY_EXISTS, or ABORTED on a stale etag"},
      {"413", "the request body is over the gateway's limit"},
      {"429", "RESOURCE_EXHAUSTED: over the per-client rate limit (see Retry-After)"},
      {"503", "UNAVAILABLE: the service is down or restarting; retry"},
  };
  for (const auto& [code, description] : errors) {
    responses[code] = {{"description", description}, {"content", content}};
  }
  responses["default"] = {{"description", "any other error, as google.rpc.Status"},
                          {"content", content}};
  return responses;
}

}  // namespace

std::string OpenApiPath(const PathTemplate& path) {
  std::string rendered;
  ParametersOf(path, &rendered);
  return rendered;
}

std::string RenderOpenApi(const ApiCatalog& catalog) {
  SchemaBuilder schemas;
  schemas.AddMessage(catalog.pool().FindMessageTypeByName("google.rpc.Status"));
  schemas.AddMessage(catalog.pool().FindMessageTypeByName("google.rpc.BadRequest"));
  schemas.AddMessage(catalog.pool().FindMessageTypeByName("google.rpc.ErrorInfo"));
  schemas.AddMessage(catalog.pool().FindMessageTypeByName("google.rpc.ResourceInfo"));
  json paths = json::object();
  json tags = json::array();
  std::set<std::string> tagged;
  for (const auto& method : catalog.methods()) {
    const auto* service = method.descriptor->service();
    if (tagged.insert(service->full_name()).second) {
      json tag = {{"name", service->full_name()}};
      if (auto d = DescriptionOf(service); !d.empty()) {
        tag["description"] = d;
      }
      tags.push_back(tag);
    }
    for (std::size_t b = 0; b < method.bindings.size(); ++b) {
      const HttpBinding& binding = method.bindings[b];
      std::string rendered;
      auto path_params = ParametersOf(binding.path, &rendered);
      json parameters = json::array();
      std::set<std::string> excluded;
      for (const auto& p : path_params) {
        json param = {
            {"name", p.name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}};
        param["description"] = p.name == p.field
                                   ? "sets `" + p.field + "`"
                                   : "the id in `" + p.field + "` (" + p.pattern + ")";
        parameters.push_back(param);
        excluded.insert(p.field);
      }
      const Descriptor* input = method.descriptor->input_type();
      json operation = {{"operationId", service->name() + "_" + method.descriptor->name() +
                                            (b == 0 ? "" : "_" + std::to_string(b))},
                        {"tags", json::array({service->full_name()})},
                        {"x-grpc-method", method.grpc_path}};
      if (auto d = DescriptionOf(method.descriptor); !d.empty()) {
        operation["description"] = d;
      }
      operation["summary"] = method.descriptor->name();
      if (binding.body != "*") {
        if (!binding.body.empty()) {
          excluded.insert(binding.body);
        }
        if (!method.client_streaming()) {
          QueryParameters(input, "", excluded, 0, schemas, parameters);
        }
      }
      if (!parameters.empty()) {
        operation["parameters"] = parameters;
      }
      if (!binding.body.empty()) {
        json body_schema = binding.body == "*"
                               ? schemas.MessageSchema(input)
                               : schemas.FieldSchema(input->FindFieldByName(binding.body));
        if (method.client_streaming()) {
          body_schema = {{"type", "array"}, {"items", body_schema}};
        }
        operation["requestBody"] = {{"required", true},
                                    {"content", {{"application/json", {{"schema", body_schema}}}}}};
      }
      const Descriptor* output = method.descriptor->output_type();
      json response_schema =
          binding.response_body.empty()
              ? schemas.MessageSchema(output)
              : schemas.FieldSchema(output->FindFieldByName(binding.response_body));
      json responses = ErrorResponses();
      if (method.server_streaming()) {
        responses["200"] = {
            {"description",
             "a stream of messages: a JSON array by default, one JSON object per line with "
             "Accept: application/x-ndjson, Server-Sent Events (data: <json>) with Accept: "
             "text/event-stream; an error after the first message ends the stream as "
             "{\"error\": google.rpc.Status} (event: error in SSE)"},
            {"content",
             {{"application/json", {{"schema", {{"type", "array"}, {"items", response_schema}}}}},
              {"application/x-ndjson", {{"schema", response_schema}}},
              {"text/event-stream", {{"schema", {{"type", "string"}}}}}}}};
      } else {
        responses["200"] = {{"description", "OK"},
                            {"content", {{"application/json", {{"schema", response_schema}}}}}};
      }
      operation["responses"] = responses;
      std::string verb = binding.http_method;
      for (auto& c : verb) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      paths[rendered][verb] = operation;
    }
  }
  json doc = {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "Expo CRM API"},
        {"version", "v1"},
        {"description",
         "HTTP/JSON API of the Expo CRM services, transcoded to their gRPC APIs by the "
         "google.api.http rules (the protobuf JSON mapping: lowerCamelCase names, enums by "
         "name, 64-bit integers as strings, RFC 3339 timestamps)."}}},
      {"servers", json::array({{{"url", "/"}}})},
      {"security", json::array({{{"bearer", json::array()}}})},
      {"tags", tags},
      {"paths", paths},
      {"components",
       {{"schemas", schemas.schemas()},
        {"securitySchemes",
         {{"bearer", {{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}}}}}}};
  return doc.dump();
}

}  // namespace crm::gateway
