#include "tests/support/pdf_reader.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

#include "tests/support/temp_dir.h"

namespace crm::testing {
namespace {

std::string SavePdf(const TempDir& dir, const std::string& pdf) {
  std::string file = (dir.path() / "document.pdf").string();
  std::ofstream(file, std::ios::binary) << pdf;
  return file;
}

}  // namespace

std::string ShellQuote(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

std::string RunCommand(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    throw std::runtime_error("cannot start: " + command);
  }
  std::string output;
  std::array<char, 4096> buffer{};
  std::size_t read = 0;
  while ((read = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    output.append(buffer.data(), read);
  }
  const int status = pclose(pipe);
  if (status != 0) {
    throw std::runtime_error("exit status " + std::to_string(status) + ": " + command);
  }
  return output;
}

std::string PdfLayoutText(const std::string& pdf) {
  const TempDir dir("crm-pdf-text");
  return RunCommand("pdftotext -layout " + ShellQuote(SavePdf(dir, pdf)) + " -");
}

std::string PdfText(const std::string& pdf) {
  const std::string raw = PdfLayoutText(pdf);
  std::string text;
  bool space = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const bool nbsp = raw.compare(i, 2, "\xC2\xA0") == 0;
    if (nbsp || std::isspace(static_cast<unsigned char>(raw[i])) != 0) {
      space = !text.empty();
      i += nbsp ? 1 : 0;
      continue;
    }
    if (space) {
      text += ' ';
      space = false;
    }
    text += raw[i];
  }
  return text;
}

std::vector<std::string> PdfQrCodes(const std::string& pdf, int page) {
  const TempDir dir("crm-pdf-qr");
  const std::string file = SavePdf(dir, pdf);
  const std::string image = (dir.path() / "page").string();
  const std::string number = std::to_string(page);
  RunCommand("pdftoppm -r 300 -gray -png -singlefile -f " + number + " -l " + number + " " +
             ShellQuote(file) + " " + ShellQuote(image));
  // -Sbinary: the symbol's bytes as they are (no guessing of a text encoding); --raw: no type
  // prefix; -Sqrcode.enable alone: nothing else is looked for. zbarimg exits 4 when it finds no
  // symbol, which is an answer, not a failure.
  const std::string output = RunCommand(
      "zbarimg --quiet --raw -Sbinary -Sdisable -Sqrcode.enable " + ShellQuote(image + ".png") +
      "; status=$?; [ $status -eq 0 ] || [ $status -eq 4 ]");
  std::vector<std::string> codes;
  // With -Sbinary each symbol's data is followed by one newline.
  std::size_t start = 0;
  while (start < output.size()) {
    const std::size_t end = output.find('\n', start);
    if (end == std::string::npos) {
      codes.push_back(output.substr(start));
      break;
    }
    codes.push_back(output.substr(start, end - start));
    start = end + 1;
  }
  return codes;
}

}  // namespace crm::testing
