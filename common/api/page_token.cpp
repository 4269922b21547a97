#include "common/api/page_token.h"

#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <memory>

#include "common/api/fingerprint.h"
#include "common/api/request_id.h"
#include "common/core/base64url.h"
#include "common/core/digest.h"
#include "common/core/ids.h"
#include "common/core/paging.h"

namespace crm::common::api {
namespace {

// Token layout before base64url: the format version, the binding (the first kBindingBytes of
// SHA-256 over the query and the key), then each key part as "<byte length>:<bytes>".
constexpr char kVersion = '1';
constexpr std::size_t kBindingBytes = 16;
// Far above any real key; a longer token is refused before it is decoded.
constexpr std::size_t kMaxTokenCharacters = 8192;
// The fields of a List request that shape a page rather than choose its rows (AIP-157, AIP-158):
// they may change from page to page.
constexpr std::string_view kNotFilters[] = {"page_size", "page_token", "view", "read_mask"};

void AppendFramed(std::string& out, std::string_view part) {
  out += std::to_string(part.size());
  out += ':';
  out += part;
}

std::string Binding(const PageQuery& query, std::string_view framed_key) {
  std::string bound;
  AppendFramed(bound, query.list);
  AppendFramed(bound, query.caller);
  AppendFramed(bound, query.filters);
  bound += framed_key;
  return Sha256(bound).substr(0, kBindingBytes);
}

bool IsBase64UrlCharacter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

std::optional<std::string> FromBase64Url(std::string_view text) {
  if (text.size() > kMaxTokenCharacters || text.size() % 4 == 1 ||
      !std::all_of(text.begin(), text.end(), IsBase64UrlCharacter)) {
    return std::nullopt;
  }
  std::string padded(text);
  std::replace(padded.begin(), padded.end(), '-', '+');
  std::replace(padded.begin(), padded.end(), '_', '/');
  const std::size_t padding = (4 - padded.size() % 4) % 4;
  padded.append(padding, '=');
  std::string out(padded.size() / 4 * 3, '\0');
  const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(padded.data()),
                                      static_cast<int>(padded.size()));
  if (written < 0 || static_cast<std::size_t>(written) < padding) {
    return std::nullopt;
  }
  out.resize(static_cast<std::size_t>(written) - padding);
  return out;
}

// The parts framed in `framed`, or nullopt when it is not a sequence of frames.
std::optional<PageKeyParts> ParseFramed(std::string_view framed) {
  PageKeyParts parts;
  while (!framed.empty()) {
    const std::size_t colon = framed.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return std::nullopt;
    }
    std::size_t length = 0;
    const auto [end, error] = std::from_chars(framed.data(), framed.data() + colon, length);
    if (error != std::errc() || end != framed.data() + colon ||
        framed.size() - colon - 1 < length) {
      return std::nullopt;
    }
    parts.emplace_back(framed.substr(colon + 1, length));
    framed.remove_prefix(colon + 1 + length);
  }
  return parts;
}

std::optional<int64_t> ParseInt64(const std::string& text) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

PageQuery PageQueryOf(const google::protobuf::Message& request, std::string_view caller) {
  std::unique_ptr<google::protobuf::Message> filters(request.New());
  filters->CopyFrom(request);
  for (std::string_view name : kNotFilters) {
    const auto* field = request.GetDescriptor()->FindFieldByName(std::string(name));
    if (field != nullptr) {
      filters->GetReflection()->ClearField(filters.get(), field);
    }
  }
  return PageQuery{
      .list = request.GetDescriptor()->full_name(),
      .caller = std::string(caller),
      .filters = MessageFingerprint(*filters, {}),
  };
}

std::string IssuePageToken(const PageQuery& query, const PageKeyParts& last) {
  std::string framed_key;
  for (const std::string& part : last) {
    AppendFramed(framed_key, part);
  }
  std::string token(1, kVersion);
  token += Binding(query, framed_key);
  token += framed_key;
  return Base64Url(token);
}

std::optional<PageKeyParts> ReadPageToken(Violations& violations, const PageQuery& query,
                                          std::string_view token, std::size_t parts,
                                          std::string field) {
  if (token.empty()) {
    return std::nullopt;
  }
  const std::optional<std::string> bytes = FromBase64Url(token);
  std::optional<PageKeyParts> key;
  if (bytes && bytes->size() >= 1 + kBindingBytes && bytes->front() == kVersion) {
    const std::string_view framed_key = std::string_view{*bytes}.substr(1 + kBindingBytes);
    if (bytes->compare(1, kBindingBytes, Binding(query, framed_key)) == 0) {
      key = ParseFramed(framed_key);
    }
  }
  const bool clean = key && key->size() == parts &&
                     std::all_of(key->begin(), key->end(), [](const std::string& part) {
                       return IsPrintableText(part, kMaxPageKeyPartCharacters);
                     });
  if (!clean) {
    violations.Add(std::move(field), kForeignPageToken);
    return std::nullopt;
  }
  return key;
}

std::string IssuePageToken(const PageQuery& query, const TimeKey& last) {
  return IssuePageToken(query, PageKeyParts{std::to_string(last.micros), last.id});
}

std::optional<TimeKey> ReadTimeKeyToken(Violations& violations, const PageQuery& query,
                                        std::string_view token, std::string field) {
  std::optional<PageKeyParts> parts = ReadPageToken(violations, query, token, 2, field);
  if (!parts) {
    return std::nullopt;
  }
  const std::optional<int64_t> micros = ParseInt64((*parts)[0]);
  if (!micros || !IsUuid((*parts)[1])) {
    violations.Add(std::move(field), kForeignPageToken);
    return std::nullopt;
  }
  return TimeKey{*micros, std::move((*parts)[1])};
}

std::string IssuePageToken(const PageQuery& query, int64_t last_seq) {
  return IssuePageToken(query, PageKeyParts{std::to_string(last_seq)});
}

std::optional<int64_t> ReadSeqToken(Violations& violations, const PageQuery& query,
                                    std::string_view token, std::string field) {
  std::optional<PageKeyParts> parts = ReadPageToken(violations, query, token, 1, field);
  if (!parts) {
    return std::nullopt;
  }
  const std::optional<int64_t> seq = ParseInt64((*parts)[0]);
  if (!seq) {
    violations.Add(std::move(field), kForeignPageToken);
  }
  return seq;
}

TimePage ReadTimePage(Violations& violations, const google::protobuf::Message& request,
                      int page_size, std::string_view page_token, std::string_view caller) {
  TimePage page;
  violations.Collect([&] { page.page_size = PageSize(page_size); });
  page.query = PageQueryOf(request, caller);
  page.after = ReadTimeKeyToken(violations, page.query, page_token);
  return page;
}

SeqPage ReadSeqPage(Violations& violations, const google::protobuf::Message& request, int page_size,
                    std::string_view page_token, std::string_view caller) {
  SeqPage page;
  violations.Collect([&] { page.page_size = PageSize(page_size); });
  page.query = PageQueryOf(request, caller);
  page.after = ReadSeqToken(violations, page.query, page_token);
  return page;
}

}  // namespace crm::common::api
