#include "common/tabular/zip_archive.h"

#include <zip.h>

#include <memory>

#include "common/tabular/source_table.h"

namespace crm::common::tabular {
namespace {

constexpr std::size_t kPartBlockBytes = 64 * 1024;

}  // namespace

ZipArchive::ZipArchive(std::string_view bytes, ZipWording wording) : wording_(std::move(wording)) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    throw SourceFormatError(wording_.unreadable);
  }
  archive_ = zip_open_from_source(source, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (archive_ == nullptr) {
    zip_source_free(source);
    throw SourceFormatError(wording_.not_zip);
  }
}

ZipArchive::~ZipArchive() { zip_discard(archive_); }

bool ZipArchive::Has(const std::string& name) const {
  return zip_name_locate(archive_, name.c_str(), 0) >= 0;
}

std::vector<std::string> ZipArchive::Names() const {
  std::vector<std::string> names;
  const zip_int64_t count = zip_get_num_entries(archive_, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* name = zip_get_name(archive_, static_cast<zip_uint64_t>(i), 0);
    names.emplace_back(name == nullptr ? "" : name);
  }
  return names;
}

void ZipArchive::Stream(const std::string& name, uint64_t max_bytes,
                        const std::function<void(std::string_view block)>& consume) const {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(archive_, name.c_str(), 0, &stat) != 0 || (stat.valid & ZIP_STAT_SIZE) == 0) {
    throw SourceFormatError(wording_.container + " has no part " + name);
  }
  if (stat.size > max_bytes) {
    throw SourceFormatError(wording_.part + " " + name + " is too large");
  }
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(zip_fopen(archive_, name.c_str(), 0),
                                                         zip_fclose);
  if (!file) {
    throw SourceFormatError(wording_.part + " " + name + " cannot be opened");
  }
  std::string block(kPartBlockBytes, '\0');
  zip_uint64_t total = 0;
  for (;;) {
    const zip_int64_t read = zip_fread(file.get(), block.data(), block.size());
    if (read < 0) {
      throw SourceFormatError(wording_.part + " " + name + " is damaged");
    }
    if (read == 0) {
      break;
    }
    total += static_cast<zip_uint64_t>(read);
    if (total > stat.size) {
      throw SourceFormatError(wording_.part + " " + name + " is damaged");
    }
    consume(std::string_view(block.data(), static_cast<std::size_t>(read)));
  }
  if (total != stat.size) {
    throw SourceFormatError(wording_.part + " " + name + " is damaged");
  }
}

}  // namespace crm::common::tabular
