#pragma once

#include <string>
#include <string_view>
#include <vector>

// Reading back the PDFs the services render, with the tools a person would use: pdftotext for
// the text, pdftoppm + zbarimg for the QR codes as a phone camera would see the printed page.
namespace crm::testing {

// `text` as one single-quoted shell word.
std::string ShellQuote(std::string_view text);

// Runs `command` with /bin/sh and returns its standard output; throws std::runtime_error naming
// the command when it cannot start or exits with a non-zero status.
std::string RunCommand(const std::string& command);

// The PDF's text as `pdftotext -layout` prints it.
std::string PdfLayoutText(const std::string& pdf);

// The same with every run of whitespace (no-break spaces included) collapsed to one space, so
// text the renderer wrapped compares equal to the unwrapped original.
std::string PdfText(const std::string& pdf);

// Every QR code on page `page` (from 1) decoded byte for byte: the page rasterised at 300 dpi
// (pdftoppm) and read by zbarimg. Empty when the page has none.
std::vector<std::string> PdfQrCodes(const std::string& pdf, int page = 1);

}  // namespace crm::testing
