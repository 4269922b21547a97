#include "services/gateway/transcoding/api_catalog.h"

#include <google/protobuf/descriptor.pb.h>

#include <algorithm>
#include <functional>
#include <set>
#include <stdexcept>

#include "common/core/files.h"
#include "google/api/annotations.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace crm::gateway {
namespace {

using google::protobuf::FileDescriptorProto;
using google::protobuf::FileDescriptorSet;

// The google.rpc types the error bodies carry must resolve even when no API imports them.
void AddErrorTypes(FileDescriptorSet& set) {
  std::set<std::string> present;
  for (const auto& f : set.file()) {
    present.insert(f.name());
  }
  const google::protobuf::FileDescriptor* needed[] = {
      google::rpc::Status::descriptor()->file(), google::rpc::BadRequest::descriptor()->file()};
  std::vector<const google::protobuf::FileDescriptor*> queue(std::begin(needed), std::end(needed));
  std::vector<FileDescriptorProto> ordered;
  // Dependencies first: a depth-first walk adding each file after its imports.
  std::function<void(const google::protobuf::FileDescriptor*)> add =
      [&](const google::protobuf::FileDescriptor* file) {
        if (present.contains(file->name())) {
          return;
        }
        present.insert(file->name());
        for (int i = 0; i < file->dependency_count(); ++i) {
          add(file->dependency(i));
        }
        file->CopyTo(set.add_file());
      };
  for (const auto* file : queue) {
    add(file);
  }
}

HttpBinding BindingOf(const google::api::HttpRule& rule, bool additional,
                      const std::string& method_name) {
  HttpBinding b;
  std::string path;
  switch (rule.pattern_case()) {
    case google::api::HttpRule::kGet:
      b.http_method = "GET";
      path = rule.get();
      break;
    case google::api::HttpRule::kPut:
      b.http_method = "PUT";
      path = rule.put();
      break;
    case google::api::HttpRule::kPost:
      b.http_method = "POST";
      path = rule.post();
      break;
    case google::api::HttpRule::kDelete:
      b.http_method = "DELETE";
      path = rule.delete_();
      break;
    case google::api::HttpRule::kPatch:
      b.http_method = "PATCH";
      path = rule.patch();
      break;
    case google::api::HttpRule::kCustom:
      b.http_method = rule.custom().kind();
      path = rule.custom().path();
      break;
    default:
      throw std::runtime_error(method_name + ": HTTP rule without a pattern");
  }
  try {
    b.path = PathTemplate::Parse(path);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(method_name + ": " + e.what());
  }
  b.body = rule.body();
  b.response_body = rule.response_body();
  b.additional = additional;
  return b;
}

}  // namespace

std::string BackendOfPackage(const std::string& package) {
  const std::string prefix = "crm.";
  if (package.rfind(prefix, 0) != 0) {
    return "";
  }
  auto dot = package.find('.', prefix.size());
  if (dot == std::string::npos || package.size() < dot + 3 || package[dot + 1] != 'v') {
    return "";
  }
  return package.substr(prefix.size(), dot - prefix.size());
}

std::unique_ptr<ApiCatalog> ApiCatalog::Load(const std::string& descriptor_set_path) {
  return FromBytes(common::ReadWholeFile(descriptor_set_path, "the descriptor set"));
}

std::unique_ptr<ApiCatalog> ApiCatalog::FromBytes(const std::string& descriptor_set) {
  FileDescriptorSet set;
  if (!set.ParseFromString(descriptor_set)) {
    throw std::runtime_error("the descriptor set is not a FileDescriptorSet");
  }
  AddErrorTypes(set);
  std::unique_ptr<ApiCatalog> catalog(new ApiCatalog());
  for (const auto& file : set.file()) {
    if (catalog->pool_.BuildFile(file) == nullptr) {
      throw std::runtime_error("cannot build " + file.name() + " from the descriptor set");
    }
  }
  for (const auto& file_proto : set.file()) {
    const auto* file = catalog->pool_.FindFileByName(file_proto.name());
    std::string backend = BackendOfPackage(file->package());
    if (backend.empty()) {
      continue;
    }
    for (int s = 0; s < file->service_count(); ++s) {
      const auto* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        const auto* method = service->method(m);
        // Options were parsed with the generated google.api.http extension linked in; read
        // them through the descriptor proto so the extension resolves either way.
        google::protobuf::MethodDescriptorProto proto;
        method->CopyTo(&proto);
        google::protobuf::MethodOptions options;
        options.ParseFromString(proto.options().SerializeAsString());
        if (!options.HasExtension(google::api::http)) {
          continue;
        }
        const auto& rule = options.GetExtension(google::api::http);
        ApiMethod api;
        api.descriptor = method;
        api.grpc_path = "/" + service->full_name() + "/" + method->name();
        api.backend = backend;
        api.bindings.push_back(BindingOf(rule, false, method->full_name()));
        for (const auto& extra : rule.additional_bindings()) {
          api.bindings.push_back(BindingOf(extra, true, method->full_name()));
        }
        catalog->methods_.push_back(std::move(api));
      }
    }
  }
  return catalog;
}

std::vector<std::string> ApiCatalog::ServiceNames() const {
  std::vector<std::string> names;
  for (const auto& m : methods_) {
    const std::string& name = m.descriptor->service()->full_name();
    if (names.empty() || names.back() != name) {
      names.push_back(name);
    }
  }
  return names;
}

std::vector<std::string> ApiCatalog::Backends() const {
  std::vector<std::string> names;
  for (const auto& m : methods_) {
    if (std::find(names.begin(), names.end(), m.backend) == names.end()) {
      names.push_back(m.backend);
    }
  }
  return names;
}

}  // namespace crm::gateway
