#pragma once

#include <string>
#include <string_view>

// AIP-158 page sizes shared by every List/Search RPC: the default and the bounds. The page token
// is common/api/page_token.h.
namespace crm::common {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// 0 -> default; above the maximum -> the maximum; negative -> ValidationError on `field`.
int PageSize(int requested, const char* field = "page_size");
// The same with a maximum of the caller's, for lists whose natural page is larger (a month of a
// calendar).
int PageSizeUpTo(int requested, int maximum, const char* field = "page_size");

}  // namespace crm::common
