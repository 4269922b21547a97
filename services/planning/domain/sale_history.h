#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crm/planning/v1/sales.pb.h"

// What changed between two versions of a sale, field by field: the changed fields of
// crm.planning.sale.amended and the field changes of a sale's history (ListSaleHistory).
namespace crm::planning::domain {

// The fields among `fields` (top-level Sale fields) whose values differ between `before` and
// `after`, in the order of `fields`, each with its value before and after as canonical JSON
// ("" when absent).
std::vector<v1::SaleFieldChange> DiffSales(const v1::Sale& before, const v1::Sale& after,
                                           std::span<const std::string_view> fields);

// The fields a history entry compares: every field of Sale but its name, etag and update time
// (which every change moves), in the order of the message.
std::span<const std::string_view> SaleHistoryFields();

}  // namespace crm::planning::domain
