#include "services/planning/domain/sale_history.h"

#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/util/field_mask_util.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace crm::planning::domain {
namespace {

using google::protobuf::util::FieldMaskUtil;

// The canonical JSON of `field` of `sale` alone: "" when it is absent or has its default.
std::string FieldValueJson(const v1::Sale& sale, std::string_view field) {
  google::protobuf::FieldMask mask;
  mask.add_paths(std::string(field));
  v1::Sale only = sale;
  FieldMaskUtil::TrimMessage(mask, &only);
  std::string object;
  if (!google::protobuf::util::MessageToJsonString(only, &object).ok()) {
    throw std::logic_error("a sale does not print as JSON");
  }
  // {"fieldName":value}: the value is what follows the only key; {} prints nothing.
  const std::size_t key_end = object.find("\":");
  if (key_end == std::string::npos) {
    return "";
  }
  return object.substr(key_end + 2, object.size() - key_end - 3);
}

}  // namespace

std::vector<v1::SaleFieldChange> DiffSales(const v1::Sale& before, const v1::Sale& after,
                                           std::span<const std::string_view> fields) {
  std::vector<v1::SaleFieldChange> changes;
  for (const std::string_view field : fields) {
    std::string old_value = FieldValueJson(before, field);
    std::string new_value = FieldValueJson(after, field);
    if (old_value != new_value) {
      v1::SaleFieldChange& change = changes.emplace_back();
      change.set_field(std::string(field));
      change.set_before(std::move(old_value));
      change.set_after(std::move(new_value));
    }
  }
  return changes;
}

std::span<const std::string_view> SaleHistoryFields() {
  static const std::vector<std::string_view> fields = [] {
    constexpr std::array<std::string_view, 3> kNotCompared = {"name", "etag", "update_time"};
    std::vector<std::string_view> all;
    const auto* descriptor = v1::Sale::descriptor();
    for (int i = 0; i < descriptor->field_count(); ++i) {
      const std::string& name = descriptor->field(i)->name();
      if (std::find(kNotCompared.begin(), kNotCompared.end(), name) == kNotCompared.end()) {
        all.emplace_back(name);
      }
    }
    return all;
  }();
  return fields;
}

}  // namespace crm::planning::domain
