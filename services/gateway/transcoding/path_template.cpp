#include "services/gateway/transcoding/path_template.h"

#include <cctype>
#include <stdexcept>

namespace crm::gateway {
namespace {

std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t at = text.find(sep, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) {
      return parts;
    }
    start = at + 1;
  }
}

bool ValidLiteral(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  for (char c : s) {
    if (c == '{' || c == '}' || c == '*' || c == '/' || c == '=' || c == ':') {
      return false;
    }
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

}  // namespace

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string PercentDecode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int hi = HexValue(text[i + 1]);
      int lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_as_space && c == '+' ? ' ' : c);
  }
  return out;
}

PathTemplate PathTemplate::Parse(std::string_view text) {
  PathTemplate t;
  t.text_ = std::string(text);
  if (text.empty() || text[0] != '/') {
    throw std::invalid_argument("a path template starts with '/': " + t.text_);
  }
  std::string_view rest = text.substr(1);
  // The verb is a ':' after the last '/' that is outside braces.
  int depth = 0;
  std::size_t verb_at = std::string_view::npos;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '{') {
      ++depth;
    } else if (rest[i] == '}') {
      --depth;
    } else if (rest[i] == '/' && depth == 0) {
      verb_at = std::string_view::npos;
    } else if (rest[i] == ':' && depth == 0) {
      verb_at = i;
    }
  }
  if (verb_at != std::string_view::npos) {
    t.verb_ = std::string(rest.substr(verb_at + 1));
    if (!ValidLiteral(t.verb_)) {
      throw std::invalid_argument("bad verb in " + t.text_);
    }
    rest = rest.substr(0, verb_at);
  }
  auto add_segment = [&](std::string_view s) {
    if (s == "*") {
      t.segments_.push_back({Segment::Kind::kSingle, ""});
    } else if (s == "**") {
      t.segments_.push_back({Segment::Kind::kMulti, ""});
    } else if (ValidLiteral(s)) {
      t.segments_.push_back({Segment::Kind::kLiteral, std::string(s)});
    } else {
      throw std::invalid_argument("bad segment '" + std::string(s) + "' in " + t.text_);
    }
  };
  std::size_t i = 0;
  while (i <= rest.size()) {
    if (i < rest.size() && rest[i] == '{') {
      std::size_t close = rest.find('}', i);
      if (close == std::string_view::npos) {
        throw std::invalid_argument("unclosed variable in " + t.text_);
      }
      std::string_view inside = rest.substr(i + 1, close - i - 1);
      std::size_t eq = inside.find('=');
      std::string_view path = inside.substr(0, eq);
      Variable v;
      for (auto part : Split(path, '.')) {
        if (part.empty()) {
          throw std::invalid_argument("bad field path in " + t.text_);
        }
        v.field_path.emplace_back(part);
      }
      v.begin = t.segments_.size();
      if (eq == std::string_view::npos) {
        add_segment("*");
      } else {
        for (auto s : Split(inside.substr(eq + 1), '/')) {
          add_segment(s);
        }
      }
      v.end = t.segments_.size();
      t.variables_.push_back(std::move(v));
      i = close + 1;
    } else {
      std::size_t slash = rest.find('/', i);
      std::string_view s =
          rest.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i);
      add_segment(s);
      i += s.size();
    }
    if (i >= rest.size()) {
      break;
    }
    if (rest[i] != '/') {
      throw std::invalid_argument("expected '/' at " + std::to_string(i + 1) + " in " + t.text_);
    }
    ++i;
  }
  for (std::size_t s = 0; s < t.segments_.size(); ++s) {
    if (t.segments_[s].kind == Segment::Kind::kMulti && s + 1 != t.segments_.size()) {
      throw std::invalid_argument("'**' must be the last segment in " + t.text_);
    }
  }
  return t;
}

bool PathTemplate::MatchSegments(const std::vector<std::string_view>& parts, std::size_t si,
                                 std::size_t pi,
                                 std::vector<std::pair<std::size_t, std::size_t>>& spans) const {
  if (si == segments_.size()) {
    return pi == parts.size();
  }
  const Segment& s = segments_[si];
  if (s.kind == Segment::Kind::kMulti) {
    if (pi >= parts.size()) {
      return false;
    }
    spans[si] = {pi, parts.size()};
    return true;
  }
  if (pi >= parts.size() || parts[pi].empty()) {
    return false;
  }
  if (s.kind == Segment::Kind::kLiteral && PercentDecode(parts[pi], false) != s.literal) {
    return false;
  }
  spans[si] = {pi, pi + 1};
  return MatchSegments(parts, si + 1, pi + 1, spans);
}

std::optional<std::vector<PathTemplate::Binding>> PathTemplate::Match(std::string_view path) const {
  if (path.empty() || path[0] != '/') {
    return std::nullopt;
  }
  path.remove_prefix(1);
  if (!verb_.empty()) {
    std::string suffix = ":" + verb_;
    if (path.size() <= suffix.size() || path.substr(path.size() - suffix.size()) != suffix) {
      return std::nullopt;
    }
    path.remove_suffix(suffix.size());
  }
  std::vector<std::string_view> parts = Split(path, '/');
  std::vector<std::pair<std::size_t, std::size_t>> spans(segments_.size());
  if (!MatchSegments(parts, 0, 0, spans)) {
    return std::nullopt;
  }
  std::vector<Binding> bindings;
  for (const auto& v : variables_) {
    std::string raw;
    for (std::size_t p = spans[v.begin].first; p < spans[v.end - 1].second; ++p) {
      if (!raw.empty() || p != spans[v.begin].first) {
        raw += '/';
      }
      raw += parts[p];
    }
    bindings.push_back({v.field_path, PercentDecode(raw, false)});
  }
  return bindings;
}

std::vector<int> PathTemplate::Specificity() const {
  std::vector<int> score;
  for (const auto& s : segments_) {
    score.push_back(s.kind == Segment::Kind::kLiteral  ? 3
                    : s.kind == Segment::Kind::kSingle ? 2
                                                       : 1);
  }
  score.push_back(verb_.empty() ? 0 : 1);
  return score;
}

std::string PathTemplate::WithPlainVariables() const {
  std::string out;
  std::size_t si = 0;
  std::size_t vi = 0;
  while (si < segments_.size()) {
    out += '/';
    if (vi < variables_.size() && variables_[vi].begin == si) {
      std::string path;
      for (const auto& f : variables_[vi].field_path) {
        path += (path.empty() ? "" : ".") + f;
      }
      out += "{" + path + "}";
      si = variables_[vi].end;
      ++vi;
      continue;
    }
    const Segment& s = segments_[si];
    out += s.kind == Segment::Kind::kLiteral  ? s.literal
           : s.kind == Segment::Kind::kSingle ? "*"
                                              : "**";
    ++si;
  }
  if (!verb_.empty()) {
    out += ":" + verb_;
  }
  return out;
}

}  // namespace crm::gateway
