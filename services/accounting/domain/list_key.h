#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The keyset key of ListExports (newest first): the last row's create time and id. Page tokens
// carry it encoded (common/core/paging.h); callers never see its form.
namespace crm::accounting::domain {

struct ExportKey {
  int64_t create_time_micros = 0;
  std::string id;  // UUID
};

// "<create_time micros>/<uuid>".
std::string FormatExportKey(const ExportKey& key);
// nullopt unless `text` is exactly what FormatExportKey produces.
std::optional<ExportKey> ParseExportKey(std::string_view text);

}  // namespace crm::accounting::domain
