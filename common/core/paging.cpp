#include "common/core/paging.h"

#include "common/core/errors.h"

namespace crm::common {

int PageSize(int requested, const char* field) {
  return PageSizeUpTo(requested, kMaxPageSize, field);
}

int PageSizeUpTo(int requested, int maximum, const char* field) {
  if (requested < 0) {
    throw ValidationError(field, "must not be negative");
  }
  if (requested == 0) {
    return kDefaultPageSize;
  }
  return requested > maximum ? maximum : requested;
}

}  // namespace crm::common
