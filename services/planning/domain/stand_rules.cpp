#include "services/planning/domain/stand_rules.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <map>
#include <set>
#include <utility>

#include "common/core/ids.h"
#include "common/core/text.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/domain/sale_pricing.h"

namespace crm::planning::domain {
namespace {

using google::protobuf::util::TimeUtil;

// Upper case of ASCII and Russian Cyrillic letters (а-я, ё) in UTF-8; other bytes unchanged.
std::string UpperCase(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else if ((c == 0xD0 || c == 0xD1) && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (c == 0xD0 && next >= 0xB0 && next <= 0xBF) {  // а..п
        out += '\xD0';
        out += static_cast<char>(next - 0x20);
      } else if (c == 0xD1 && next >= 0x80 && next <= 0x8F) {  // р..я
        out += '\xD0';
        out += static_cast<char>(next + 0x20);
      } else if (c == 0xD1 && next == 0x91) {  // ё
        out += "\xD0\x81";
      } else {
        out += static_cast<char>(c);
        out += static_cast<char>(next);
      }
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Cyrillic capitals drawn like Latin ones, and the Latin letter each reads as.
constexpr std::array<std::pair<std::string_view, char>, 11> kLookAlikes = {{{"\xD0\x90", 'A'},
                                                                            {"\xD0\x92", 'B'},
                                                                            {"\xD0\x95", 'E'},
                                                                            {"\xD0\x9A", 'K'},
                                                                            {"\xD0\x9C", 'M'},
                                                                            {"\xD0\x9D", 'H'},
                                                                            {"\xD0\x9E", 'O'},
                                                                            {"\xD0\xA0", 'P'},
                                                                            {"\xD0\xA1", 'C'},
                                                                            {"\xD0\xA2", 'T'},
                                                                            {"\xD0\xA5", 'X'}}};

// The words of a header or a type name, upper case: letters, digits, '№' and '_' kept, anything
// else separating words.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  const std::string upper = UpperCase(text);
  for (const char byte : upper) {
    const auto c = static_cast<unsigned char>(byte);
    const bool separator = c < 0x80 && !std::isalnum(c) && c != '_';
    if (separator) {
      if (!word.empty()) {
        words.push_back(std::move(word));
        word.clear();
      }
    } else {
      word += static_cast<char>(c);
    }
  }
  if (!word.empty()) {
    words.push_back(std::move(word));
  }
  return words;
}

bool HasWord(const std::vector<std::string>& words, std::initializer_list<std::string_view> any) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& word) {
    return std::any_of(any.begin(), any.end(), [&](std::string_view w) { return word == w; });
  });
}

// A floor plan's columns, in the order a header is tried against them: "stand type" names the
// type's column, not the number's.
enum class Column { kType, kArea, kSides, kHall, kNumber };

// A column's name in messages and the header words that name it (upper case; "" pads).
struct ColumnSpec {
  std::string_view name;
  std::array<std::string_view, 6> words;
};
constexpr std::array<ColumnSpec, 5> kColumns = {{
    {"type (тип)", {"TYPE", "ТИП"}},
    {"area (площадь)", {"AREA", "ПЛОЩАДЬ"}},
    {"open sides (открытых сторон)", {"SIDES", "СТОРОН", "СТОРОНЫ"}},
    {"hall (зал)", {"HALL", "PAVILION", "ЗАЛ", "ПАВИЛЬОН"}},
    {"number (номер)", {"NUMBER", "NO", "STAND", "\xE2\x84\x96", "НОМЕР", "СТЕНД"}},
}};

std::optional<Column> ColumnOf(std::string_view header) {
  const auto words = Words(header);
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    const auto& known = kColumns[i].words;
    if (std::any_of(words.begin(), words.end(), [&](const std::string& word) {
          return std::find(known.begin(), known.end(), word) != known.end();
        })) {
      return static_cast<Column>(i);
    }
  }
  return std::nullopt;
}

std::string_view ColumnName(Column column) {
  return kColumns.at(static_cast<std::size_t>(column)).name;
}

std::optional<v1::StandType> TypeOf(std::string_view text) {
  const auto words = Words(text);
  if (HasWord(words, {"LINEAR", "ЛИНЕЙНЫЙ", "РЯДНЫЙ"})) {
    return v1::STAND_TYPE_LINEAR;
  }
  if (HasWord(words, {"CORNER", "УГЛОВОЙ"})) {
    return v1::STAND_TYPE_CORNER;
  }
  if (HasWord(words, {"PENINSULA", "ПОЛУОСТРОВ", "ПОЛУОСТРОВНОЙ"})) {
    return v1::STAND_TYPE_PENINSULA;
  }
  if (HasWord(words, {"ISLAND", "ОСТРОВ", "ОСТРОВНОЙ"})) {
    return v1::STAND_TYPE_ISLAND;
  }
  if (HasWord(words, {"OPEN_AREA", "OPEN_AIR", "OPEN", "ОТКРЫТАЯ"})) {
    return v1::STAND_TYPE_OPEN_AREA;
  }
  return std::nullopt;
}

// "12,5", "12.5", "12,50 м²" as square decimetres; nullopt for anything else or more than two
// decimals.
std::optional<int64_t> AreaDm2Of(std::string_view text) {
  std::string value = common::Trim(text);
  for (std::string_view unit : {"м²", "м2", "m²", "m2", "кв.м", "кв. м"}) {
    if (value.size() > unit.size() && value.ends_with(unit)) {
      value = common::Trim(std::string_view{value}.substr(0, value.size() - unit.size()));
      break;
    }
  }
  std::replace(value.begin(), value.end(), ',', '.');
  const auto dot = value.find('.');
  const std::string whole = value.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : value.substr(dot + 1);
  const auto digits = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || whole.size() > 9 || fraction.size() > 2 || !digits(whole) ||
      !digits(fraction)) {
    return std::nullopt;
  }
  fraction.resize(2, '0');
  return std::stoll(whole) * 100 + std::stoll(fraction);
}

std::string RowColumn(int row, std::string_view column) {
  return "row " + std::to_string(row) + ", " + std::string(column);
}

// An id as the database returns it: UUIDs are compared in lower case.
std::string LowerAscii(std::string id) {
  std::transform(id.begin(), id.end(), id.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return id;
}

}  // namespace

std::optional<EditionIds> ParseEditionName(std::string_view name, std::string_view suffix,
                                           const std::string& field,
                                           common::Violations& violations) {
  if (name.empty()) {
    violations.Add(field, "is required");
    return std::nullopt;
  }
  std::optional<std::pair<std::string, std::string>> ids;
  if (name.size() > suffix.size() && name.ends_with(suffix)) {
    ids = common::ParseChildResourceId(name.substr(0, name.size() - suffix.size()), "projects",
                                       "editions");
  }
  if (!ids) {
    violations.Add(field, "must be a resource name of the form \"projects/{uuid}/editions/{uuid}" +
                              std::string(suffix) + "\"");
    return std::nullopt;
  }
  return EditionIds{LowerAscii(ids->first), LowerAscii(ids->second)};
}

std::optional<StandIds> ParseStandName(std::string_view name, const std::string& field,
                                       common::Violations& violations) {
  if (name.empty()) {
    violations.Add(field, "is required");
    return std::nullopt;
  }
  const std::size_t cut = name.find("/stands/");
  std::optional<std::pair<std::string, std::string>> edition;
  std::optional<std::string> stand;
  if (cut != std::string_view::npos) {
    edition = common::ParseChildResourceId(name.substr(0, cut), "projects", "editions");
    stand = common::ParseResourceId(name.substr(cut + 1), "stands");
  }
  if (!edition || !stand) {
    violations.Add(field,
                   "must be a resource name of the form "
                   "\"projects/{uuid}/editions/{uuid}/stands/{uuid}\"");
    return std::nullopt;
  }
  return StandIds{{LowerAscii(edition->first), LowerAscii(edition->second)}, LowerAscii(*stand)};
}

std::string StandNumberKey(std::string_view number) {
  const std::string upper = UpperCase(number);
  std::string key;
  key.reserve(upper.size());
  for (std::size_t i = 0; i < upper.size(); ++i) {
    const char c = upper[i];
    if (c == ' ' || c == '\t') {
      continue;
    }
    bool replaced = false;
    for (const auto& [cyrillic, latin] : kLookAlikes) {
      if (upper.compare(i, cyrillic.size(), cyrillic) == 0) {
        key += latin;
        i += cyrillic.size() - 1;
        replaced = true;
        break;
      }
    }
    if (!replaced) {
      key += c;
    }
  }
  return key;
}

std::string StandSortKey(std::string_view number_key) {
  constexpr std::size_t kDigits = 8;
  std::string key;
  key.reserve(number_key.size() + kDigits);
  for (std::size_t i = 0; i < number_key.size();) {
    if (number_key[i] < '0' || number_key[i] > '9') {
      key += number_key[i++];
      continue;
    }
    std::size_t end = i;
    while (end < number_key.size() && number_key[end] >= '0' && number_key[end] <= '9') {
      ++end;
    }
    if (end - i < kDigits) {
      key.append(kDigits - (end - i), '0');
    }
    key.append(number_key.substr(i, end - i));
    i = end;
  }
  return key;
}

int DefaultOpenSides(v1::StandType type) {
  switch (type) {
    case v1::STAND_TYPE_LINEAR:
      return 1;
    case v1::STAND_TYPE_CORNER:
      return 2;
    case v1::STAND_TYPE_PENINSULA:
      return 3;
    default:
      return 4;
  }
}

void ValidateStandFields(const v1::Stand& stand, const std::vector<std::string>& fields,
                         const std::string& path, common::Violations& violations) {
  const auto checks = [&](const char* field) {
    return fields.empty() || std::find(fields.begin(), fields.end(), field) != fields.end();
  };
  if (checks("number")) {
    CheckText(stand.number(), true, kMaxStandNumberChars, path + ".number", violations);
    if (common::HasControlCharacters(stand.number(), true)) {
      violations.Add(path + ".number", "must not contain control characters");
    }
  }
  if (checks("hall")) {
    CheckText(stand.hall(), false, kMaxHallChars, path + ".hall", violations);
  }
  if (checks("stand_type") && !common::api::IsSpecified(stand.stand_type())) {
    violations.Add(path + ".stand_type",
                   "is required: LINEAR, CORNER, PENINSULA, ISLAND or "
                   "OPEN_AREA");
  }
  if (checks("area_dm2")) {
    ValidateArea(stand.area_dm2(), path + ".area_dm2", violations);
  }
  if (checks("open_sides") && (stand.open_sides() < 0 || stand.open_sides() > 4)) {
    violations.Add(path + ".open_sides", "must be 1 to 4 (0 takes the type's)");
  }
}

std::vector<FloorPlanStand> ReadFloorPlan(const common::tabular::SourceTable& table,
                                          common::Violations& violations) {
  std::map<Column, std::size_t> columns;
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    const auto column = ColumnOf(table.header[i]);
    if (!column) {
      continue;
    }
    if (!columns.emplace(*column, i).second) {
      violations.Add("content", "the header names the column " + std::string(ColumnName(*column)) +
                                    " twice (columns " + std::to_string(columns[*column] + 1) +
                                    " and " + std::to_string(i + 1) + ")");
    }
  }
  for (Column required : {Column::kNumber, Column::kType, Column::kArea}) {
    if (!columns.contains(required)) {
      violations.Add("content", "the header has no column " + std::string(ColumnName(required)));
    }
  }
  if (!violations.empty()) {
    return {};
  }
  if (table.rows.size() > kMaxFloorPlanStands) {
    violations.Add("content", "holds " + std::to_string(table.rows.size()) +
                                  " stands; a floor plan has at most " +
                                  std::to_string(kMaxFloorPlanStands));
    return {};
  }
  const auto cell = [&](const common::tabular::SourceRow& row, Column column) -> std::string {
    const auto found = columns.find(column);
    if (found == columns.end() || found->second >= row.cells.size()) {
      return "";
    }
    return common::Trim(row.cells[found->second]);
  };

  std::vector<FloorPlanStand> stands;
  stands.reserve(table.rows.size());
  std::map<std::string, int> rows_by_key;
  for (const auto& row : table.rows) {
    FloorPlanStand stand;
    stand.row = row.number;
    stand.number = cell(row, Column::kNumber);
    stand.hall = cell(row, Column::kHall);
    const std::string type = cell(row, Column::kType);
    const std::string area = cell(row, Column::kArea);
    const std::string sides = cell(row, Column::kSides);

    v1::Stand fields;
    fields.set_number(stand.number);
    fields.set_hall(stand.hall);
    if (const auto parsed = TypeOf(type)) {
      stand.stand_type = *parsed;
    } else {
      violations.Add("content", RowColumn(row.number, ColumnName(Column::kType)) + ": \"" + type +
                                    "\" is not a stand type (linear, corner, peninsula, island, "
                                    "open area)");
    }
    fields.set_stand_type(stand.stand_type == v1::STAND_TYPE_UNSPECIFIED ? v1::STAND_TYPE_LINEAR
                                                                         : stand.stand_type);
    const auto dm2 = AreaDm2Of(area);
    if (dm2) {
      stand.area_dm2 = *dm2;
    } else {
      violations.Add("content", RowColumn(row.number, ColumnName(Column::kArea)) + ": \"" + area +
                                    "\" is not an area in m² with at most two decimals");
    }
    fields.set_area_dm2(dm2 ? *dm2 : 1);  // an unreadable area is reported once, above
    if (!sides.empty()) {
      int value = 0;
      const auto [end, error] = std::from_chars(sides.data(), sides.data() + sides.size(), value);
      if (error != std::errc() || end != sides.data() + sides.size() || value < 1 || value > 4) {
        violations.Add("content", RowColumn(row.number, ColumnName(Column::kSides)) + ": \"" +
                                      sides + "\" is not 1 to 4");
      }
      stand.open_sides = value;
    }
    if (stand.open_sides == 0 && stand.stand_type != v1::STAND_TYPE_UNSPECIFIED) {
      stand.open_sides = DefaultOpenSides(stand.stand_type);
    }
    fields.set_open_sides(std::clamp(stand.open_sides, 0, 4));
    common::Violations field_violations;
    ValidateStandFields(fields, {}, "stand", field_violations);
    try {
      field_violations.ThrowIfAny();
    } catch (const common::ValidationError& e) {
      for (const auto& violation : e.violations()) {
        violations.Add("content", "row " + std::to_string(row.number) + ", " +
                                      violation.field.substr(std::string("stand.").size()) + ": " +
                                      violation.description);
      }
    }
    if (!stand.number.empty()) {
      const auto [previous, inserted] =
          rows_by_key.emplace(StandNumberKey(stand.number), row.number);
      if (!inserted) {
        violations.Add("content", RowColumn(row.number, ColumnName(Column::kNumber)) + ": stand " +
                                      stand.number + " is already on row " +
                                      std::to_string(previous->second));
      }
    }
    stands.push_back(std::move(stand));
  }
  if (!violations.empty()) {
    return {};
  }
  return stands;
}

void CheckStandAvailableForSale(const StandState& stand, const std::string& client_id,
                                const std::string& own_sale_id) {
  switch (stand.status) {
    case v1::STAND_STATUS_FREE:
      return;
    case v1::STAND_STATUS_HELD:
      if (stand.hold_client_id == client_id) {
        return;
      }
      throw common::PreconditionError(
          "STAND_HELD",
          "stand " + stand.number + " is held for clients/" + stand.hold_client_id + " until " +
              TimeUtil::ToString(stand.hold_expire_time.value_or(google::protobuf::Timestamp())),
          stand.name);
    case v1::STAND_STATUS_SOLD:
      if (!own_sale_id.empty() && stand.sale_id == own_sale_id) {
        return;
      }
      throw common::PreconditionError(
          "STAND_SOLD", "stand " + stand.number + " is taken by sales/" + stand.sale_id,
          "sales/" + stand.sale_id);
    case v1::STAND_STATUS_BLOCKED:
      throw common::PreconditionError(
          "STAND_BLOCKED", "stand " + stand.number + " is blocked: " + stand.block_reason,
          stand.name);
    default:
      throw std::logic_error("stand " + stand.number + " has no status");
  }
}

void CheckStandFree(const StandState& stand, const std::string& wanted_for) {
  if (stand.status == v1::STAND_STATUS_FREE) {
    return;
  }
  if (stand.status == v1::STAND_STATUS_SOLD) {
    throw common::PreconditionError("STAND_SOLD",
                                    "stand " + stand.number + " is taken by sales/" +
                                        stand.sale_id + "; it cannot be " + wanted_for,
                                    "sales/" + stand.sale_id);
  }
  throw common::PreconditionError("STAND_NOT_FREE",
                                  "stand " + stand.number + " is " +
                                      StandStatusText::Of(stand.status) +
                                      "; only a free stand can be " + wanted_for,
                                  stand.name);
}

SalesPolicyTerms UpdatedSalesPolicy(const SalesPolicyTerms& current, const v1::SalesPolicy& policy,
                                    const std::vector<std::string>& fields,
                                    common::Violations& violations) {
  SalesPolicyTerms terms = current;
  const auto seconds_of = [&](const google::protobuf::Duration& d, const std::string& field) {
    if (d.nanos() != 0 || d.seconds() < 60 || d.seconds() > 366LL * 24 * 3600) {
      violations.Add(field, "must be whole seconds from a minute to a year");
    }
    return std::chrono::seconds(d.seconds());
  };
  for (const std::string& field : fields) {
    if (field == "max_discount_bp") {
      if (policy.max_discount_bp() < 0 || policy.max_discount_bp() > 10000) {
        violations.Add("sales_policy.max_discount_bp", "must be 0 to 10000 (basis points)");
      }
      terms.max_discount_bp = policy.max_discount_bp();
    } else if (field == "default_hold") {
      terms.default_hold = seconds_of(policy.default_hold(), "sales_policy.default_hold");
    } else if (field == "max_hold") {
      terms.max_hold = seconds_of(policy.max_hold(), "sales_policy.max_hold");
    }
  }
  if (violations.empty() && terms.default_hold > terms.max_hold) {
    violations.Add("sales_policy.default_hold", "must not be longer than max_hold");
  }
  return terms;
}

std::chrono::seconds HoldDuration(const SalesPolicyTerms& policy,
                                  const google::protobuf::Duration* requested,
                                  common::Violations& violations) {
  if (requested == nullptr) {
    return policy.default_hold;
  }
  if (requested->seconds() <= 0 || requested->nanos() != 0) {
    violations.Add("duration", "must be a positive number of whole seconds");
    return policy.default_hold;
  }
  if (std::chrono::seconds(requested->seconds()) > policy.max_hold) {
    violations.Add("duration", "must be at most " + std::to_string(policy.max_hold.count()) +
                                   " s (the edition's sales policy, max_hold)");
  }
  return std::chrono::seconds(requested->seconds());
}

int32_t DiscountBelowListBp(int64_t area_dm2, int64_t list_price_per_m2, int64_t services_amount,
                            int64_t net_amount) {
  // 128 bits: area × price and the basis-point product exceed int64 for extreme inputs.
  __extension__ using Wide = __int128;
  const Wide list = (static_cast<Wide>(area_dm2) * list_price_per_m2 + 50) / 100 +
                    static_cast<Wide>(services_amount);
  if (list <= 0 || net_amount >= list) {
    return 0;
  }
  return static_cast<int32_t>((list - net_amount) * 10000 / list);
}

}  // namespace crm::planning::domain
