#include "common/tabular/csv_reader.h"

#include <algorithm>

#include "common/core/code_page.h"
#include "common/core/text.h"

namespace crm::common::tabular {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string FromWindows1251(std::string_view bytes) {
  try {
    return ToUtf8(bytes, CodePage::kWindows1251);
  } catch (const CodePageError& e) {
    throw SourceFormatError(std::string("the file is ") + e.what());
  } catch (const std::runtime_error& e) {
    throw SourceFormatError(e.what());
  }
}

char DelimiterChar(CsvDelimiter delimiter, std::string_view text) {
  switch (delimiter) {
    case CsvDelimiter::kSemicolon:
      return ';';
    case CsvDelimiter::kComma:
      return ',';
    case CsvDelimiter::kTab:
      return '\t';
    case CsvDelimiter::kAuto:
      break;
  }
  return DetectDelimiter(text);
}

bool IsBlank(const std::vector<std::string>& cells) {
  return std::all_of(cells.begin(), cells.end(),
                     [](const std::string& cell) { return Trim(cell).empty(); });
}

// Splits `text` into records. State is explicit so a quoted line break stays inside its field.
class CsvParser {
 public:
  CsvParser(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {}

  SourceTable Parse() {
    SourceTable table;
    bool header_seen = false;
    CellBudget budget;
    while (pos_ < text_.size()) {
      const int number = ++record_number_;
      std::vector<std::string> cells = ReadRecord();
      if (IsBlank(cells)) {
        continue;
      }
      cells.shrink_to_fit();
      budget.Keep(number, cells);
      if (!header_seen) {
        table.header = std::move(cells);
        header_seen = true;
        continue;
      }
      if (table.rows.size() >= kMaxImportRows) {
        throw SourceFormatError("the file has more than " + std::to_string(kMaxImportRows) +
                                " rows; split it into several imports");
      }
      table.rows.push_back({number, std::move(cells)});
    }
    return table;
  }

 private:
  bool AtFieldEnd(std::size_t at) const {
    return at >= text_.size() || text_[at] == delimiter_ || text_[at] == '\n' || text_[at] == '\r';
  }

  // One record's cells; stops at the first cell past kMaxImportColumns or kMaxImportCellBytes, so
  // a record never holds more than the limits allow.
  std::vector<std::string> ReadRecord() {
    const int first_number = record_number_;
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    bool in_quotes = false;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (in_quotes) {
        if (c == '"') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
            cell += '"';
            pos_ += 2;
            continue;
          }
          if (AtFieldEnd(pos_ + 1)) {
            in_quotes = false;
            ++pos_;
            continue;
          }
          // A bare quote inside a quoted field ("ООО "Ромашка"" written by hand): kept as text.
          cell += c;
        } else {
          if (c == '\n') {
            ++record_number_;
          }
          cell += c;
        }
        ++pos_;
        CheckCellSize(cell, first_number, cells.size());
        continue;
      }
      if (c == '"' && cell.empty() && !quoted) {
        quoted = true;
        in_quotes = true;
        ++pos_;
        continue;
      }
      if (c == delimiter_) {
        PushCell(cells, cell, first_number);
        quoted = false;
        ++pos_;
        continue;
      }
      if (c == '\r' || c == '\n') {
        ++pos_;
        if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') {
          ++pos_;
        }
        PushCell(cells, cell, first_number);
        return cells;
      }
      // Quotes inside an unquoted field (ООО "Ромашка") are common in real exports: kept as text.
      cell += c;
      ++pos_;
      CheckCellSize(cell, first_number, cells.size());
    }
    if (in_quotes) {
      throw SourceFormatError("row " + std::to_string(first_number) +
                              ": a quoted field is never closed");
    }
    PushCell(cells, cell, first_number);
    return cells;
  }

  static void PushCell(std::vector<std::string>& cells, std::string& cell, int number) {
    if (cells.size() >= kMaxImportColumns) {
      throw SourceFormatError(CellPosition(number, cells.size()) + ": more than " +
                              std::to_string(kMaxImportColumns) + " columns");
    }
    cells.push_back(std::move(cell));
    cell.clear();
  }

  static void CheckCellSize(const std::string& cell, int number, std::size_t column) {
    if (cell.size() > kMaxImportCellBytes) {
      throw SourceFormatError(CellPosition(number, column) + ": a field longer than " +
                              std::to_string(kMaxImportCellBytes) + " bytes");
    }
  }

  std::string_view text_;
  char delimiter_;
  std::size_t pos_ = 0;
  int record_number_ = 0;
};

// `bytes` as UTF-8 without a byte order mark: UTF-8 is used where it lies, only Windows-1251 is
// converted (into `converted`).
std::string_view AsUtf8(std::string_view bytes, TextEncoding encoding, std::string& converted) {
  if (encoding == TextEncoding::kAuto) {
    encoding = DetectEncoding(bytes);
  }
  if (encoding == TextEncoding::kWindows1251) {
    converted = FromWindows1251(bytes);
    return converted;
  }
  if (bytes.starts_with(kUtf8Bom)) {
    bytes.remove_prefix(kUtf8Bom.size());
  }
  if (!IsValidUtf8(bytes)) {
    throw SourceFormatError("the file is not valid UTF-8 text; is it Windows-1251?");
  }
  return bytes;
}

}  // namespace

TextEncoding DetectEncoding(std::string_view bytes) {
  if (bytes.starts_with(kUtf8Bom) || IsValidUtf8(bytes)) {
    return TextEncoding::kUtf8;
  }
  return TextEncoding::kWindows1251;
}

std::string DecodeText(std::string_view bytes, TextEncoding encoding) {
  std::string converted;
  const std::string_view text = AsUtf8(bytes, encoding, converted);
  return converted.empty() ? std::string(text) : converted;
}

char DetectDelimiter(std::string_view text) {
  int semicolons = 0;
  int commas = 0;
  int tabs = 0;
  bool in_quotes = false;
  for (char c : text) {
    if (c == '"') {
      in_quotes = !in_quotes;
    } else if (!in_quotes && (c == '\n' || c == '\r')) {
      break;
    } else if (!in_quotes && c == ';') {
      ++semicolons;
    } else if (!in_quotes && c == ',') {
      ++commas;
    } else if (!in_quotes && c == '\t') {
      ++tabs;
    }
  }
  if (tabs > semicolons && tabs > commas) {
    return '\t';
  }
  return commas > semicolons ? ',' : ';';
}

SourceTable ReadCsv(std::string_view bytes, const CsvOptions& options) {
  if (bytes.size() > kMaxImportFileBytes) {
    throw SourceFormatError("the file is larger than " +
                            std::to_string(kMaxImportFileBytes / (1024 * 1024)) + " MiB");
  }
  std::string converted;
  const std::string_view text = AsUtf8(bytes, options.encoding, converted);
  return CsvParser(text, DelimiterChar(options.delimiter, text)).Parse();
}

}  // namespace crm::common::tabular
