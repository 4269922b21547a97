#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

struct zip;

// A zip archive in memory, read without trusting it: a part is inflated a block at a time, never
// past a limit, and a part that inflates to other than its declared size is refused, so a zip
// bomb costs no more than the limit. Errors are SourceFormatError (common/tabular/source_table.h)
// worded for what the zip is (an xlsx workbook, a zipped exchange message).
namespace crm::common::tabular {

struct ZipWording {
  std::string unreadable;  // "the file cannot be read as an xlsx workbook"
  std::string not_zip;     // "the file is not an xlsx workbook (not a zip archive)"
  std::string part;        // "the workbook part" (followed by the part's name)
  std::string container;   // "the workbook" ("<container> has no part <name>")
};

class ZipArchive {
 public:
  // `bytes` must outlive the archive.
  ZipArchive(std::string_view bytes, ZipWording wording);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  bool Has(const std::string& name) const;
  // The names of its entries, in archive order.
  std::vector<std::string> Names() const;
  // Inflates the part `name` a block at a time, handing each block to `consume`; refuses a part
  // declared larger than `max_bytes` or inflating to other than its declared size.
  void Stream(const std::string& name, uint64_t max_bytes,
              const std::function<void(std::string_view block)>& consume) const;

 private:
  struct zip* archive_ = nullptr;
  ZipWording wording_;
};

}  // namespace crm::common::tabular
