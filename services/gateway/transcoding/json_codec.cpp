#include "services/gateway/transcoding/json_codec.h"

#include <google/protobuf/type.pb.h>
#include <google/protobuf/util/type_resolver_util.h>

#include <stdexcept>

namespace crm::gateway {
namespace {

constexpr char kTypeUrlPrefix[] = "type.googleapis.com";

std::string TypeUrl(const google::protobuf::Descriptor* type) {
  return std::string(kTypeUrlPrefix) + "/" + type->full_name();
}

// The converters resolve every message type they meet through the resolver on every call;
// converting a descriptor to a google.protobuf.Type each time would dominate small requests, so
// the results are kept.
class CachingTypeResolver : public google::protobuf::util::TypeResolver {
 public:
  explicit CachingTypeResolver(const google::protobuf::DescriptorPool& pool)
      : inner_(google::protobuf::util::NewTypeResolverForDescriptorPool(kTypeUrlPrefix, &pool)) {}

  google::protobuf::util::Status ResolveMessageType(const std::string& type_url,
                                                    google::protobuf::Type* type) override {
    return Resolve(type_url, type, messages_,
                   [this](const std::string& url, google::protobuf::Type* out) {
                     return inner_->ResolveMessageType(url, out);
                   });
  }
  google::protobuf::util::Status ResolveEnumType(const std::string& type_url,
                                                 google::protobuf::Enum* type) override {
    return Resolve(type_url, type, enums_,
                   [this](const std::string& url, google::protobuf::Enum* out) {
                     return inner_->ResolveEnumType(url, out);
                   });
  }

 private:
  template <class T, class F>
  google::protobuf::util::Status Resolve(const std::string& url, T* out,
                                         std::map<std::string, T>& cache, F resolve) {
    {
      std::shared_lock lock(mutex_);
      auto it = cache.find(url);
      if (it != cache.end()) {
        *out = it->second;
        return google::protobuf::util::Status();
      }
    }
    T resolved;
    auto status = resolve(url, &resolved);
    if (!status.ok()) {
      return status;
    }
    std::unique_lock lock(mutex_);
    *out = cache.emplace(url, std::move(resolved)).first->second;
    return status;
  }

  std::unique_ptr<google::protobuf::util::TypeResolver> inner_;
  std::shared_mutex mutex_;
  std::map<std::string, google::protobuf::Type> messages_;
  std::map<std::string, google::protobuf::Enum> enums_;
};

}  // namespace

JsonCodec::JsonCodec(const google::protobuf::DescriptorPool& pool)
    : resolver_(std::make_unique<CachingTypeResolver>(pool)) {}

JsonCodec::~JsonCodec() = default;

std::string JsonCodec::ToJson(const google::protobuf::Descriptor* type,
                              const std::string& binary) const {
  std::string json;
  json.reserve(binary.size() * 2);
  if (printer_.Print(type, binary, &json)) {
    return json;
  }
  json.clear();
  google::protobuf::util::JsonPrintOptions options;
  auto status = google::protobuf::util::BinaryToJsonString(resolver_.get(), TypeUrl(type), binary,
                                                           &json, options);
  if (!status.ok()) {
    throw std::runtime_error("cannot print " + type->full_name() +
                             " as JSON: " + std::string{status.message()});
  }
  return json;
}

bool JsonCodec::FromJson(const google::protobuf::Descriptor* type, std::string_view json,
                         std::string* binary, std::string* error) const {
  google::protobuf::util::JsonParseOptions options;
  auto status = google::protobuf::util::JsonToBinaryString(resolver_.get(), TypeUrl(type),
                                                           std::string(json), binary, options);
  if (!status.ok()) {
    *error = std::string{status.message()};
    return false;
  }
  return true;
}

}  // namespace crm::gateway
