#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The path templates of google.api.http rules (google/api/http.proto):
//
//   Template = "/" Segments [ Verb ] ;
//   Segments = Segment { "/" Segment } ;
//   Segment  = "*" | "**" | LITERAL | Variable ;
//   Variable = "{" FieldPath [ "=" Segments ] "}" ;
//   Verb     = ":" LITERAL ;
//
// A variable without a pattern matches one segment; `{name=clients/*}` binds the whole matched
// text ("clients/123") to the field `name`; field paths may be nested (`contact.name`).
namespace crm::gateway {

class PathTemplate {
 public:
  struct Segment {
    enum class Kind { kLiteral, kSingle, kMulti };  // LITERAL, "*", "**"
    Kind kind;
    std::string literal;
  };
  struct Variable {
    std::vector<std::string> field_path;  // {"contact", "name"}
    std::size_t begin = 0;                // segments [begin, end) belong to the variable
    std::size_t end = 0;
  };
  struct Binding {
    std::vector<std::string> field_path;
    std::string value;  // percent-decoded
  };

  // Throws std::invalid_argument with the reason when `text` is not a valid template.
  static PathTemplate Parse(std::string_view text);

  // Bindings of the variables when `path` (the request's path without the query, still
  // percent-encoded) matches; nullopt otherwise.
  std::optional<std::vector<Binding>> Match(std::string_view path) const;

  // How specific the template is, to choose between several matching ones: literal segments
  // beat `*`, which beats `**`, segment by segment from the left; a verb beats none.
  // Larger compares more specific.
  std::vector<int> Specificity() const;

  const std::string& text() const { return text_; }
  const std::vector<Segment>& segments() const { return segments_; }
  const std::vector<Variable>& variables() const { return variables_; }
  const std::string& verb() const { return verb_; }
  // The template with each variable written as `{field.path}` (OpenAPI and Envoy route paths).
  std::string WithPlainVariables() const;

 private:
  bool MatchSegments(const std::vector<std::string_view>& parts, std::size_t si, std::size_t pi,
                     std::vector<std::pair<std::size_t, std::size_t>>& spans) const;

  std::string text_;
  std::vector<Segment> segments_;
  std::vector<Variable> variables_;
  std::string verb_;
};

// Percent-decoding of a path segment or query value ("%2F" -> "/"); `plus_as_space` for query
// strings. Malformed escapes are kept as they are.
std::string PercentDecode(std::string_view text, bool plus_as_space);
// `text` as a query or form parameter's value: unreserved characters (RFC 3986) kept, the rest
// %XX.
std::string PercentEncode(std::string_view text);

}  // namespace crm::gateway
