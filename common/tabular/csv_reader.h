#pragma once

#include <string>
#include <string_view>

#include "common/tabular/source_table.h"

// CSV as Russian office software writes it: RFC 4180 quoting (doubled quotes, line breaks inside
// quoted fields), CRLF or LF line ends, ';' (Excel with a Russian locale) or ',' between fields,
// UTF-8 with or without a byte order mark, or Windows-1251.
namespace crm::common::tabular {

enum class TextEncoding { kAuto, kUtf8, kWindows1251 };
enum class CsvDelimiter { kAuto, kSemicolon, kComma, kTab };

// The encoding `bytes` are in: UTF-8 when they start with its byte order mark or are valid
// UTF-8, Windows-1251 otherwise (every byte sequence is valid Windows-1251 but 0x98).
TextEncoding DetectEncoding(std::string_view bytes);

// `bytes` as UTF-8 without a byte order mark. Throws SourceFormatError when they are not valid in
// `encoding` (kAuto detects it first).
std::string DecodeText(std::string_view bytes, TextEncoding encoding);

// The delimiter of the first record of `text`: whichever of ';', ',' and tab occurs most often
// outside quotes; ';' wins ties.
char DetectDelimiter(std::string_view text);

struct CsvOptions {
  TextEncoding encoding = TextEncoding::kAuto;
  CsvDelimiter delimiter = CsvDelimiter::kAuto;
};

// The first record is the header. Empty records are skipped; rows keep their record numbers.
// Throws SourceFormatError on a quote left open, a stray quote inside an unquoted field, or a
// file over the import limits.
SourceTable ReadCsv(std::string_view bytes, const CsvOptions& options);

}  // namespace crm::common::tabular
