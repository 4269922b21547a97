#include "services/accounting/domain/list_key.h"

#include <charconv>

#include "common/core/ids.h"

namespace crm::accounting::domain {

std::string FormatExportKey(const ExportKey& key) {
  return std::to_string(key.create_time_micros) + "/" + key.id;
}

std::optional<ExportKey> ParseExportKey(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0) {
    return std::nullopt;
  }
  ExportKey key;
  auto [end, error] = std::from_chars(text.data(), text.data() + slash, key.create_time_micros);
  if (error != std::errc() || end != text.data() + slash) {
    return std::nullopt;
  }
  auto id = text.substr(slash + 1);
  if (!common::IsUuid(id)) {
    return std::nullopt;
  }
  key.id = std::string(id);
  return key;
}

}  // namespace crm::accounting::domain
