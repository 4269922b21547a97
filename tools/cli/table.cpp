#include "tools/cli/table.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace crm::cli {
namespace {

struct CodePoint {
  uint32_t value = 0;
  std::size_t length = 1;  // bytes
  bool valid = false;
};

// The code point at the start of `text` (not empty).
CodePoint Decode(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) {
    return {lead, 1, true};
  }
  std::size_t length = 0;
  uint32_t value = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    value = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    value = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    value = lead & 0x07;
  } else {
    return {};
  }
  if (text.size() < length) {
    return {};
  }
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) {
      return {};
    }
    value = (value << 6) | (byte(i) & 0x3F);
  }
  static constexpr std::array<uint32_t, 5> kSmallest = {0, 0, 0x80, 0x800, 0x10000};
  if (value < kSmallest[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return {};
  }
  return {value, length, true};
}

struct Range {
  uint32_t first, last;
};

bool InRanges(uint32_t c, const Range* begin, const Range* end) {
  return std::any_of(begin, end, [c](const Range& r) { return c >= r.first && c <= r.last; });
}

// Marks drawn over the previous character and invisible format characters.
constexpr Range kZeroWidth[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064},
    {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

// East Asian wide and fullwidth characters and emoji: two columns.
constexpr Range kWide[] = {
    {0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},
    {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
    {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
    {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

std::size_t Width(const CodePoint& c) {
  if (!c.valid) {
    return 1;
  }
  if (InRanges(c.value, std::begin(kZeroWidth), std::end(kZeroWidth))) {
    return 0;
  }
  return InRanges(c.value, std::begin(kWide), std::end(kWide)) ? 2 : 1;
}

// Control characters would break the lines: each becomes a space.
std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      c = ' ';
    }
  }
  return out;
}

void Pad(std::string& line, std::size_t columns) { line.append(columns, ' '); }

void TrimRight(std::string& line) {
  while (!line.empty() && line.back() == ' ') {
    line.pop_back();
  }
}

}  // namespace

std::size_t DisplayWidth(std::string_view text) {
  std::size_t width = 0;
  while (!text.empty()) {
    const CodePoint c = Decode(text);
    width += Width(c);
    text.remove_prefix(c.length);
  }
  return width;
}

std::string Truncate(std::string_view text, std::size_t width) {
  if (DisplayWidth(text) <= width) {
    return std::string(text);
  }
  if (width == 0) {
    return {};
  }
  std::string out;
  std::size_t used = 0;
  while (!text.empty()) {
    const CodePoint c = Decode(text);
    const std::size_t w = Width(c);
    if (used + w > width - 1) {
      break;
    }
    out.append(text.substr(0, c.length));
    used += w;
    text.remove_prefix(c.length);
  }
  TrimRight(out);  // "ООО «Волга …" reads worse than "ООО «Волга…"
  return out + "\xE2\x80\xA6";
}

std::string RenderTable(const std::vector<TableColumn>& columns,
                        const std::vector<std::vector<std::string>>& rows, std::size_t fit_width) {
  const std::size_t n = columns.size();
  std::vector<std::vector<std::string>> cells;
  cells.reserve(rows.size());
  for (const auto& row : rows) {
    std::vector<std::string> line(n);
    for (std::size_t i = 0; i < n && i < row.size(); ++i) {
      line[i] = OneLine(row[i]);
    }
    cells.push_back(std::move(line));
  }

  std::vector<std::size_t> widths(n, 0);
  std::vector<std::size_t> narrowest(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t header = DisplayWidth(columns[i].header);
    narrowest[i] = std::max<std::size_t>(header, 6);
    widths[i] = header;
    for (const auto& line : cells) {
      widths[i] = std::max(widths[i], DisplayWidth(line[i]));
    }
    if (columns[i].max_width > 0) {
      widths[i] = std::max(header, std::min(widths[i], columns[i].max_width));
    }
  }
  if (fit_width > 0 && n > 0) {
    std::size_t total = 2 * (n - 1);
    for (std::size_t w : widths) {
      total += w;
    }
    while (total > fit_width) {
      std::size_t widest = n;
      for (std::size_t i = 0; i < n; ++i) {
        if (columns[i].max_width > 0 && widths[i] > narrowest[i] &&
            (widest == n || widths[i] > widths[widest])) {
          widest = i;
        }
      }
      if (widest == n) {
        break;
      }
      --widths[widest];
      --total;
    }
  }

  auto render_line = [&](const std::vector<std::string>& values, bool header) {
    std::string line;
    for (std::size_t i = 0; i < n; ++i) {
      const bool cut = !header && columns[i].max_width > 0;
      const std::string text = cut ? Truncate(values[i], widths[i]) : values[i];
      const std::size_t w = DisplayWidth(text);
      const std::size_t gap = widths[i] > w ? widths[i] - w : 0;
      if (i > 0) {
        line += "  ";
      }
      if (columns[i].align == Align::kRight) {
        Pad(line, gap);
        line += text;
      } else {
        line += text;
        Pad(line, gap);
      }
    }
    TrimRight(line);
    return line + "\n";
  };

  std::vector<std::string> headers;
  headers.reserve(n);
  for (const auto& column : columns) {
    headers.push_back(column.header);
  }
  std::string out = render_line(headers, true);
  for (const auto& line : cells) {
    out += render_line(line, false);
  }
  return out;
}

std::string RenderFields(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::size_t label_width = 0;
  for (const auto& [label, value] : fields) {
    label_width = std::max(label_width, DisplayWidth(label));
  }
  std::string out;
  for (const auto& [label, value] : fields) {
    std::string line = label;
    Pad(line, label_width - DisplayWidth(label) + 2);
    line += OneLine(value);
    TrimRight(line);
    out += line + "\n";
  }
  return out;
}

}  // namespace crm::cli
