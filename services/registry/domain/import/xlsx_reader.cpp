#include "services/registry/domain/import/xlsx_reader.h"

#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "services/registry/domain/text.h"

namespace crm::registry {
namespace {

// XML parts are trusted no more than the zip: each is capped before it is inflated.
constexpr zip_uint64_t kMaxPartBytes = 256 * 1024 * 1024;

class ZipArchive {
 public:
  explicit ZipArchive(std::string_view bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) {
      zip_error_fini(&error);
      throw SourceFormatError("the file cannot be read as an xlsx workbook");
    }
    archive_ = zip_open_from_source(source, ZIP_RDONLY, &error);
    zip_error_fini(&error);
    if (archive_ == nullptr) {
      zip_source_free(source);
      throw SourceFormatError("the file is not an xlsx workbook (not a zip archive)");
    }
  }
  ~ZipArchive() { zip_discard(archive_); }
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  bool Has(const std::string& name) const {
    return zip_name_locate(archive_, name.c_str(), 0) >= 0;
  }

  std::string Read(const std::string& name) const {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(archive_, name.c_str(), 0, &stat) != 0 || (stat.valid & ZIP_STAT_SIZE) == 0) {
      throw SourceFormatError("the workbook has no part " + name);
    }
    if (stat.size > kMaxPartBytes) {
      throw SourceFormatError("the workbook part " + name + " is too large");
    }
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(zip_fopen(archive_, name.c_str(), 0),
                                                           zip_fclose);
    if (!file) {
      throw SourceFormatError("the workbook part " + name + " cannot be opened");
    }
    std::string data(stat.size, '\0');
    zip_int64_t read = zip_fread(file.get(), data.data(), stat.size);
    if (read < 0 || static_cast<zip_uint64_t>(read) != stat.size) {
      throw SourceFormatError("the workbook part " + name + " is damaged");
    }
    return data;
  }

 private:
  zip_t* archive_ = nullptr;
};

// A SAX pass over one XML part; handlers see local names (namespace prefixes dropped).
class XmlWalker {
 public:
  using Attributes = std::map<std::string, std::string>;
  std::function<void(const std::string&, const Attributes&)> on_start;
  std::function<void(const std::string&)> on_end;
  std::function<void(std::string_view)> on_text;

  void Parse(const std::string& xml, const std::string& part) {
    std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(XML_ParserCreate("UTF-8"),
                                                                   XML_ParserFree);
    XML_SetUserData(parser.get(), this);
    XML_SetElementHandler(parser.get(), &XmlWalker::Start, &XmlWalker::End);
    XML_SetCharacterDataHandler(parser.get(), &XmlWalker::Text);
    if (XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE) ==
            XML_STATUS_ERROR ||
        failure_) {
      throw SourceFormatError(
          "the workbook part " + part + " is not well-formed XML: " +
          (failure_ ? *failure_ : XML_ErrorString(XML_GetErrorCode(parser.get()))));
    }
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

  // Exceptions must not cross expat's C frames; the first one is rethrown after parsing.
  template <class Body>
  void Guarded(Body&& body) {
    try {
      body();
    } catch (const std::exception& e) {
      failure_ = e.what();
    }
  }

  std::optional<std::string> failure_;
};

std::vector<std::string> ReadSharedStrings(const ZipArchive& zip) {
  std::vector<std::string> strings;
  const std::string part = "xl/sharedStrings.xml";
  if (!zip.Has(part)) {
    return strings;
  }
  std::string current;
  bool in_item = false;
  bool in_text = false;
  int phonetic_depth = 0;  // <rPh> carries reading hints, not cell text
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
      strings.push_back(current);
      in_item = false;
    } else if (name == "rPh") {
      --phonetic_depth;
    } else if (name == "t") {
      in_text = false;
    }
  };
  walker.on_text = [&](std::string_view text) {
    if (in_text) {
      current.append(text);
    }
  };
  walker.Parse(zip.Read(part), part);
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
  workbook.Parse(zip.Read(workbook_part), workbook_part);

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
    rels.Parse(zip.Read(rels_part), rels_part);
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
  const std::vector<std::string>& shared;
  std::vector<SourceRow> rows;

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

  void EndCell() {
    if (static_cast<std::size_t>(column) >= kMaxImportColumns) {
      throw SourceFormatError("row " + std::to_string(row.number) + " has more than " +
                              std::to_string(kMaxImportColumns) + " columns");
    }
    std::string text;
    if (type == "s") {
      std::size_t index = 0;
      try {
        index = std::stoul(value);
      } catch (const std::exception&) {
        throw SourceFormatError("row " + std::to_string(row.number) +
                                ": a shared string reference is not a number");
      }
      if (index >= shared.size()) {
        throw SourceFormatError("row " + std::to_string(row.number) +
                                ": a shared string reference is out of range");
      }
      text = shared[index];
    } else if (type == "b") {
      text = value == "1" ? "TRUE" : "FALSE";
    } else {
      text = value;
    }
    if (text.size() > kMaxImportCellBytes) {
      throw SourceFormatError("row " + std::to_string(row.number) + " has a cell longer than " +
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
    rows.push_back(std::move(row));
  }
};

}  // namespace

SourceTable ReadXlsx(std::string_view bytes) {
  if (bytes.size() > kMaxImportFileBytes) {
    throw SourceFormatError("the file is larger than " +
                            std::to_string(kMaxImportFileBytes / (1024 * 1024)) + " MiB");
  }
  ZipArchive zip(bytes);
  if (!zip.Has("xl/workbook.xml")) {
    throw SourceFormatError("the file is a zip archive but not an xlsx workbook");
  }
  const std::vector<std::string> shared = ReadSharedStrings(zip);
  const std::string sheet_part = FirstSheetPart(zip);

  SheetReader sheet{shared, {}};
  XmlWalker walker;
  walker.on_start = [&](const std::string& name, const XmlWalker::Attributes& attributes) {
    if (name == "row") {
      sheet.StartRow(attributes);
    } else if (name == "c") {
      sheet.StartCell(attributes);
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
      sheet.value.append(text);
    }
  };
  walker.Parse(zip.Read(sheet_part), sheet_part);

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

}  // namespace crm::registry
