#pragma once

#include <cstdint>
#include <optional>

// A client takes part in one of our editions when it buys a stand there: registry derives the
// participation from the client's active sales in the edition (their sum is its area), so
// analysts no longer enter it by hand. A participation an analyst entered by hand is kept when
// the sales go; one the sales made goes with the last of them.
namespace crm::registry {

// The client's active sales in an edition.
struct ActiveSales {
  int64_t count = 0;
  int64_t area_dm2 = 0;
};

// The client's participation in the edition as it is, if any.
struct ExistingParticipation {
  int64_t area_dm2 = 0;
  bool from_sales = false;
};

enum class ParticipationChange {
  kNone,     // nothing to do
  kCreate,   // the client takes part, with the sales' area
  kSetArea,  // the area follows the sales
  kDelete,   // the last sale went and the sales had made the participation
};

ParticipationChange DecideParticipation(const std::optional<ExistingParticipation>& existing,
                                        const ActiveSales& sales);

}  // namespace crm::registry
