#include "common/tabular/xlsx_reader.h"

#include <expat.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/core/text.h"
#include "common/tabular/zip_archive.h"

namespace crm::common::tabular {
namespace {

// XML parts are trusted no more than the zip: each is inflated and parsed a block at a time (so
// memory holds one block, never the part) and no more than this much of it is inflated.
constexpr uint64_t kMaxPartBytes = 256 * 1024 * 1024;
// The shared strings (of every sheet) kept while the first sheet is read: their text, each cut
// after kMaxImportCellBytes + 1 bytes (a cell using a longer one is refused), plus each one's own
// bookkeeping.
constexpr std::size_t kMaxSharedStringsBytes = 64 * 1024 * 1024;

ZipWording WorkbookWording() {
  return {"the file cannot be read as an xlsx workbook",
          "the file is not an xlsx workbook (not a zip archive)", "the workbook part",
          "the workbook"};
}

// A SAX pass over one XML part; handlers see local names (namespace prefixes dropped).
class XmlWalker {
 public:
  using Attributes = std::map<std::string, std::string>;
  std::function<void(const std::string&, const Attributes&)> on_start;
  std::function<void(const std::string&)> on_end;
  std::function<void(std::string_view)> on_text;

  // Parses the part as the zip inflates it; the first error a handler throws ends the parse.
  void Parse(const ZipArchive& zip, const std::string& part) {
    std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(XML_ParserCreate("UTF-8"),
                                                                   XML_ParserFree);
    parser_ = parser.get();
    XML_SetUserData(parser.get(), this);
    XML_SetElementHandler(parser.get(), &XmlWalker::Start, &XmlWalker::End);
    XML_SetCharacterDataHandler(parser.get(), &XmlWalker::Text);
    auto feed = [&](std::string_view block, bool last) {
      const bool parsed = XML_Parse(parser.get(), block.data(), static_cast<int>(block.size()),
                                    last ? XML_TRUE : XML_FALSE) != XML_STATUS_ERROR;
      if (failure_) {
        throw SourceFormatError(*failure_);
      }
      if (!parsed) {
        throw SourceFormatError("the workbook part " + part + " is not well-formed XML: " +
                                XML_ErrorString(XML_GetErrorCode(parser.get())));
      }
    };
    zip.Stream(part, kMaxPartBytes, [&](std::string_view block) { feed(block, false); });
    feed({}, true);
  }

 private:
  static std::string LocalName(const char* name) {
    std::string_view view(name);
    auto colon = view.rfind(':');
    return std::string(colon == std::string_view::npos ? view : view.substr(colon + 1));
  }

  static void Start(void* self, const XML_Char* name, const XML_Char** attributes) {
    auto* walker = static_cast<XmlWalker*>(self);
    if (!walker->on_start || walker->failure_) {
      return;
    }
    Attributes map;
    for (int i = 0; attributes[i] != nullptr; i += 2) {
      map[LocalName(attributes[i])] = attributes[i + 1];
    }
    walker->Guarded([&] { walker->on_start(LocalName(name), map); });
  }
  static void End(void* self, const XML_Char* name) {
    auto* walker = static_cast<XmlWalker*>(self);
    if (walker->on_end && !walker->failure_) {
      walker->Guarded([&] { walker->on_end(LocalName(name)); });
    }
  }
  static void Text(void* self, const XML_Char* text, int length) {
    auto* walker = static_cast<XmlWalker*>(self);
    if (walker->on_text && !walker->failure_) {
      walker->Guarded(
          [&] { walker->on_text(std::string_view(text, static_cast<std::size_t>(length))); });
    }
  }

  // Exceptions must not cross expat's C frames: the first one stops the parser and is rethrown
  // once XML_Parse returns.
  template <class Body>
  void Guarded(Body&& body) {
    try {
      body();
    } catch (const SourceFormatError& e) {
      failure_ = e.what();
      XML_StopParser(parser_, XML_FALSE);
    } catch (const std::exception& e) {
      failure_ = std::string("the workbook is malformed: ") + e.what();
      XML_StopParser(parser_, XML_FALSE);
    }
  }

  XML_Parser parser_ = nullptr;
  std::optional<std::string> failure_;
};

// A deque: it grows a block at a time, never copying what it holds, so the limit below is what
// the strings cost.
using SharedStrings = std::deque<std::string>;

SharedStrings ReadSharedStrings(const ZipArchive& zip) {
  SharedStrings strings;
  const std::string part = "xl/sharedStrings.xml";
  if (!zip.Has(part)) {
    return strings;
  }
  std::string current;
  bool in_item = false;
  bool in_text = false;
  int phonetic_depth = 0;  // <rPh> carries reading hints, not cell text
  std::size_t kept_bytes = 0;
  XmlWalker walker;
  walker.on_start = [&](const std::string& name, const XmlWalker::Attributes&) {
    if (name == "si") {
      in_item = true;
      current.clear();
    } else if (name == "rPh") {
      ++phonetic_depth;
    } else if (name == "t" && in_item && phonetic_depth == 0) {
      in_text = true;
    }
  };
  walker.on_end = [&](const std::string& name) {
    if (name == "si") {
      kept_bytes += sizeof(std::string) + current.size();
      if (kept_bytes > kMaxSharedStringsBytes) {
        throw SourceFormatError("the workbook's shared strings take more than " +
                                std::to_string(kMaxSharedStringsBytes / (1024 * 1024)) +
                                " MiB (at string " + std::to_string(strings.size() + 1) +
                                "); split it into several imports");
      }
      strings.push_back(current);
      in_item = false;
    } else if (name == "rPh") {
      --phonetic_depth;
    } else if (name == "t") {
      in_text = false;
    }
  };
  walker.on_text = [&](std::string_view text) {
    // Longer than a cell may be: kept one byte over the limit, so a cell using it is refused.
    if (in_text && current.size() <= kMaxImportCellBytes) {
      current.append(text.substr(0, kMaxImportCellBytes + 1 - current.size()));
    }
  };
  walker.Parse(zip, part);
  return strings;
}

// The first sheet in the workbook's order, found through its relationship id.
std::string FirstSheetPart(const ZipArchive& zip) {
  std::string first_rel_id;
  XmlWalker workbook;
  workbook.on_start = [&](const std::string& name, const XmlWalker::Attributes& attributes) {
    if (name == "sheet" && first_rel_id.empty()) {
      auto id = attributes.find("id");
      if (id != attributes.end()) {
        first_rel_id = id->second;
      }
    }
  };
  const std::string workbook_part = "xl/workbook.xml";
  workbook.Parse(zip, workbook_part);

  std::string target;
  const std::string rels_part = "xl/_rels/workbook.xml.rels";
  if (!first_rel_id.empty() && zip.Has(rels_part)) {
    XmlWalker rels;
    rels.on_start = [&](const std::string& name, const XmlWalker::Attributes& attributes) {
      auto id = attributes.find("Id");
      auto where = attributes.find("Target");
      if (name == "Relationship" && id != attributes.end() && where != attributes.end() &&
          id->second == first_rel_id) {
        target = where->second;
      }
    };
    rels.Parse(zip, rels_part);
  }
  if (target.empty()) {
    return "xl/worksheets/sheet1.xml";
  }
  // Targets are relative to xl/ unless absolute within the package.
  return target.starts_with('/') ? target.substr(1) : "xl/" + target;
}

// "BC12" -> 54 (0-based column of the reference); -1 when there is no column part.
int ColumnOf(const std::string& reference) {
  int column = 0;
  std::size_t i = 0;
  for (; i < reference.size() && reference[i] >= 'A' && reference[i] <= 'Z'; ++i) {
    column = column * 26 + (reference[i] - 'A' + 1);
    if (column > 16384) {
      return -1;
    }
  }
  return i == 0 ? -1 : column - 1;
}

struct SheetReader {
  const SharedStrings& shared;
  std::vector<SourceRow> rows;
  CellBudget budget;

  SourceRow row;
  int next_row_number = 1;
  int next_column = 0;
  int column = 0;
  std::string type;
  std::string value;
  bool in_value = false;

  void StartRow(const XmlWalker::Attributes& attributes) {
    auto r = attributes.find("r");
    row = SourceRow{};
    row.number = r != attributes.end() ? std::stoi(r->second) : next_row_number;
    next_row_number = row.number + 1;
    next_column = 0;
  }

  void StartCell(const XmlWalker::Attributes& attributes) {
    auto r = attributes.find("r");
    column = r != attributes.end() ? ColumnOf(r->second) : next_column;
    if (column < 0) {
      column = next_column;
    }
    next_column = column + 1;
    auto t = attributes.find("t");
    type = t != attributes.end() ? t->second : "n";
    value.clear();
  }

  std::string Position() const {
    return CellPosition(row.number, static_cast<std::size_t>(column));
  }

  void CheckColumn() const {
    if (static_cast<std::size_t>(column) >= kMaxImportColumns) {
      throw SourceFormatError(Position() + ": more than " + std::to_string(kMaxImportColumns) +
                              " columns");
    }
  }

  void AppendValue(std::string_view text) {
    if (value.size() + text.size() > kMaxImportCellBytes) {
      throw SourceFormatError(Position() + ": a cell longer than " +
                              std::to_string(kMaxImportCellBytes) + " bytes");
    }
    value.append(text);
  }

  void EndCell() {
    CheckColumn();
    std::string text;
    if (type == "s") {
      std::size_t index = 0;
      try {
        index = std::stoul(value);
      } catch (const std::exception&) {
        throw SourceFormatError(Position() + ": a shared string reference is not a number");
      }
      if (index >= shared.size()) {
        throw SourceFormatError(Position() + ": a shared string reference is out of range");
      }
      text = shared[index];
    } else if (type == "b") {
      text = value == "1" ? "TRUE" : "FALSE";
    } else {
      text = value;
    }
    if (text.size() > kMaxImportCellBytes) {
      throw SourceFormatError(Position() + ": a cell longer than " +
                              std::to_string(kMaxImportCellBytes) + " bytes");
    }
    if (row.cells.size() <= static_cast<std::size_t>(column)) {
      row.cells.resize(static_cast<std::size_t>(column) + 1);
    }
    row.cells[static_cast<std::size_t>(column)] = std::move(text);
  }

  void EndRow() {
    if (std::all_of(row.cells.begin(), row.cells.end(),
                    [](const std::string& cell) { return Trim(cell).empty(); })) {
      return;
    }
    if (rows.size() > kMaxImportRows) {
      throw SourceFormatError("the sheet has more than " + std::to_string(kMaxImportRows) +
                              " rows; split it into several imports");
    }
    row.cells.shrink_to_fit();
    budget.Keep(row.number, row.cells);
    rows.push_back(std::move(row));
  }
};

}  // namespace

SourceTable ReadXlsx(std::string_view bytes) {
  if (bytes.size() > kMaxImportFileBytes) {
    throw SourceFormatError("the file is larger than " +
                            std::to_string(kMaxImportFileBytes / (1024 * 1024)) + " MiB");
  }
  ZipArchive zip(bytes, WorkbookWording());
  if (!zip.Has("xl/workbook.xml")) {
    throw SourceFormatError("the file is a zip archive but not an xlsx workbook");
  }
  const SharedStrings shared = ReadSharedStrings(zip);
  const std::string sheet_part = FirstSheetPart(zip);

  SheetReader sheet{shared, {}};
  XmlWalker walker;
  walker.on_start = [&](const std::string& name, const XmlWalker::Attributes& attributes) {
    if (name == "row") {
      sheet.StartRow(attributes);
    } else if (name == "c") {
      sheet.StartCell(attributes);
      sheet.CheckColumn();
    } else if (name == "v" || (name == "t" && sheet.type == "inlineStr")) {
      sheet.in_value = true;
    }
  };
  walker.on_end = [&](const std::string& name) {
    if (name == "row") {
      sheet.EndRow();
    } else if (name == "c") {
      sheet.EndCell();
    } else if (name == "v" || name == "t") {
      sheet.in_value = false;
    }
  };
  walker.on_text = [&](std::string_view text) {
    if (sheet.in_value) {
      sheet.AppendValue(text);
    }
  };
  walker.Parse(zip, sheet_part);

  SourceTable table;
  if (sheet.rows.empty()) {
    return table;
  }
  table.header = std::move(sheet.rows.front().cells);
  for (std::size_t i = 1; i < sheet.rows.size(); ++i) {
    table.rows.push_back(std::move(sheet.rows[i]));
  }
  return table;
}

}  // namespace crm::common::tabular
