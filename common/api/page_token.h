#pragma once

#include <google/protobuf/message.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/errors.h"

// Page tokens (AIP-158), one design for every List and Search RPC. A token carries the last
// row's keyset key (a few text parts, e.g. {sort value, id}) and is bound to its query: the List
// RPC, the caller and the request's filters. Reading a token against any other query — another
// list, other filters, another caller — or a token that was altered or never issued is a
// violation of `page_token` (INVALID_ARGUMENT); "" is the first page. The key parts go to SQL as
// parameters, so they are checked to be printable UTF-8 whatever a caller sends. page_size (read
// by common::PageSize, common/core/paging.h), view and read_mask may change from page to page.
//
//   const PageQuery query = PageQueryOf(request, caller.subject);
//   std::optional<PageKeyParts> after = ReadPageToken(violations, query, request.page_token(), 2);
//   ...
//   response.set_next_page_token(IssuePageToken(query, {last.sort, last.id}));
//
// The binding is a digest, not a signature: it keeps a token to the query it was issued for,
// while what a caller may see is decided by the access rule on every page.
namespace crm::common::api {

// What a token is bound to.
struct PageQuery {
  std::string list;     // the List RPC: its request message's full name
  std::string caller;   // the caller's resource name ("employees/{id}", "services/{name}")
  std::string filters;  // the request's filters: every field but page_size, page_token, view
                        // and read_mask
};

// The query of `request` (a List request message) made by `caller`.
PageQuery PageQueryOf(const google::protobuf::Message& request, std::string_view caller);

// The last row's key, as text parts the list knows how to read back.
using PageKeyParts = std::vector<std::string>;

inline constexpr std::size_t kMaxPageKeyPartCharacters = 1024;

// What a refused token's violation says, also when a list finds a part of the key unusable.
inline constexpr char kForeignPageToken[] =
    "is not a page token issued for this list, caller and filters";

// The token of the page after `last` in `query`.
std::string IssuePageToken(const PageQuery& query, const PageKeyParts& last);

// The key the page starts after: nullopt for "" (the first page) and — with a violation of
// `field` added — for a token that was not issued for `query` with exactly `parts` key parts.
std::optional<PageKeyParts> ReadPageToken(Violations& violations, const PageQuery& query,
                                          std::string_view token, std::size_t parts,
                                          std::string field = "page_token");

// The key most lists page by: the row's ordering time and its id, the tie-breaker. Its token has
// two parts, the time in decimal and the UUID.
struct TimeKey {
  int64_t micros = 0;  // microseconds since the epoch
  std::string id;      // the row's UUID
};

std::string IssuePageToken(const PageQuery& query, const TimeKey& last);

// ReadPageToken for a TimeKey: a token whose parts are not a time and a UUID is a violation too.
std::optional<TimeKey> ReadTimeKeyToken(Violations& violations, const PageQuery& query,
                                        std::string_view token, std::string field = "page_token");

// What a List request paged by a TimeKey asks for: its page size (common::PageSize), the query
// its token is bound to and where the page starts.
struct TimePage {
  int page_size = 0;
  PageQuery query;
  std::optional<TimeKey> after;
};
// Reads them from `request`, adding a violation of page_size or page_token to `violations`
// rather than throwing, so a handler reports every bad field at once.
TimePage ReadTimePage(Violations& violations, const google::protobuf::Message& request,
                      int page_size, std::string_view page_token, std::string_view caller);
template <class ListRequest>
TimePage ReadTimePage(Violations& violations, const ListRequest& request, std::string_view caller) {
  return ReadTimePage(violations, request, request.page_size(), request.page_token(), caller);
}

// The key of a list in the order of an increasing sequence number: the last row's number.
std::string IssuePageToken(const PageQuery& query, int64_t last_seq);

// ReadPageToken for a sequence number: a token whose one part is not a number is a violation too.
std::optional<int64_t> ReadSeqToken(Violations& violations, const PageQuery& query,
                                    std::string_view token, std::string field = "page_token");

// What a List request paged by a sequence number asks for, read like TimePage.
struct SeqPage {
  int page_size = 0;
  PageQuery query;
  std::optional<int64_t> after;  // the previous page's last sequence number
};
SeqPage ReadSeqPage(Violations& violations, const google::protobuf::Message& request, int page_size,
                    std::string_view page_token, std::string_view caller);
template <class ListRequest>
SeqPage ReadSeqPage(Violations& violations, const ListRequest& request, std::string_view caller) {
  return ReadSeqPage(violations, request, request.page_size(), request.page_token(), caller);
}

// The end of a list read with one row more than its page, the sign that another page follows:
// cuts `rows` to `page_size` and answers the next page's token, issued for the key that `key_of`
// gives the page's last row (a TimeKey, PageKeyParts or a sequence number), or "" on the last
// page.
//
//   auto rows = store::ListThings(tx, ..., page.after, page.page_size + 1);
//   response->set_next_page_token(NextPageToken(rows, page.page_size, page.query,
//       [](const ThingRow& last) { return TimeKey{last.micros, last.id}; }));
template <class Row, class KeyOf>
std::string NextPageToken(std::vector<Row>& rows, int page_size, const PageQuery& query,
                          KeyOf key_of) {
  const auto size = static_cast<std::size_t>(page_size);
  if (rows.size() <= size) {
    return "";
  }
  rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(size), rows.end());
  return rows.empty() ? "" : IssuePageToken(query, key_of(rows.back()));
}

}  // namespace crm::common::api
