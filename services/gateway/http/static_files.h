#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "services/gateway/http/http_types.h"

// The web console's files from a directory, at "/": a path that names no file and has no file
// extension gets index.html (the console routes on the client). Fingerprinted assets (under
// assets/, or a name with a content hash like app.3f9a1c2e.js) are cached for a year;
// everything else, index.html first, is revalidated with its ETag on every use.
namespace crm::gateway {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  // GET/HEAD of `path` (decoded, without the query); nullopt when no file answers it.
  std::optional<HttpResponse> Serve(const std::string& path, const HttpRequest& request) const;

 private:
  std::optional<HttpResponse> File(const std::filesystem::path& file,
                                   const HttpRequest& request) const;
  std::filesystem::path root_;
};

// "text/html; charset=utf-8" etc., by file extension; application/octet-stream otherwise.
std::string ContentTypeOf(const std::filesystem::path& file);

}  // namespace crm::gateway
