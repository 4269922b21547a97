#include "tests/support/zip_workbook.h"

#include <zip.h>

#include <memory>
#include <stdexcept>

namespace crm::testing {

std::string ZipOf(const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) {
    throw std::runtime_error("zip_source_buffer_create failed");
  }
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_source_free(buffer);
    throw std::runtime_error("zip_open_from_source failed");
  }
  // The archive is written into `buffer`, which must outlive zip_close.
  zip_source_keep(buffer);
  for (const auto& [name, content] : parts) {
    zip_source_t* part = zip_source_buffer(archive, content.data(), content.size(), 0);
    if (part == nullptr || zip_file_add(archive, name.c_str(), part, ZIP_FL_OVERWRITE) < 0) {
      zip_source_free(part);
      zip_discard(archive);
      zip_source_free(buffer);
      throw std::runtime_error("cannot add " + name + " to the zip");
    }
  }
  if (zip_close(archive) != 0) {
    zip_discard(archive);
    zip_source_free(buffer);
    throw std::runtime_error("zip_close failed");
  }
  std::string bytes;
  zip_stat_t stat;
  if (zip_source_stat(buffer, &stat) == 0 && zip_source_open(buffer) == 0) {
    bytes.resize(stat.size);
    zip_source_read(buffer, bytes.data(), stat.size);
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  zip_error_fini(&error);
  return bytes;
}

std::string Workbook(const std::string& shared_items, const std::string& sheet_rows) {
  const std::string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const std::string rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  return ZipOf({
      {"xl/workbook.xml", "<workbook xmlns=\"" + ns + "\" xmlns:r=\"" + rel_ns +
                              "\"><sheets><sheet name=\"Клиенты\" sheetId=\"1\" r:id=\"rId1\"/>"
                              "</sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
      {"xl/sharedStrings.xml", "<sst xmlns=\"" + ns + "\">" + shared_items + "</sst>"},
      {"xl/worksheets/sheet1.xml",
       "<worksheet xmlns=\"" + ns + "\"><sheetData>" + sheet_rows + "</sheetData></worksheet>"},
  });
}

}  // namespace crm::testing
