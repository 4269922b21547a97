#pragma once

#include <string>
#include <string_view>

// AIP-158 pagination shared by every List/Search RPC: page_size defaults and bounds, and an
// opaque page token carrying the last row's keyset key.
namespace crm::common {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// 0 -> default; above the maximum -> the maximum; negative -> ValidationError on `field`.
int PageSize(int requested, const char* field = "page_size");
// The same with a maximum of the caller's, for lists whose natural page is larger (a month of a
// calendar).
int PageSizeUpTo(int requested, int maximum, const char* field = "page_size");

// The token is base64url of the key; callers never see the key's form.
std::string EncodePageToken(std::string_view key);
// "" -> ""; anything that did not come from EncodePageToken -> ValidationError on `field`.
std::string DecodePageToken(std::string_view token, const char* field = "page_token");

}  // namespace crm::common
