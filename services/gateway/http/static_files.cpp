#include "services/gateway/http/static_files.h"

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace crm::gateway {
namespace {

bool Fingerprinted(const std::string& relative) {
  static const std::regex hashed(R"((^|/)[^/]*[.-][0-9A-Za-z_]{8,}\.[a-z0-9]+$)");
  return relative.rfind("assets/", 0) == 0 || std::regex_search(relative, hashed);
}

}  // namespace

std::string ContentTypeOf(const std::filesystem::path& file) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".xml", "application/xml"},
      {".pdf", "application/pdf"},
      {".wasm", "application/wasm"},
  };
  auto it = types.find(file.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

StaticFiles::StaticFiles(std::filesystem::path root)
    : root_(std::filesystem::weakly_canonical(std::move(root))) {}

std::optional<HttpResponse> StaticFiles::Serve(const std::string& path,
                                               const HttpRequest& request) const {
  if (path.empty() || path[0] != '/' || path.find('\0') != std::string::npos) {
    return std::nullopt;
  }
  std::filesystem::path relative = std::filesystem::path(path.substr(1)).lexically_normal();
  // "..", absolute paths and anything resolving outside the root are never served.
  if (!relative.empty() && (relative.is_absolute() || *relative.begin() == "..")) {
    return std::nullopt;
  }
  std::filesystem::path file = root_ / relative;
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    file /= "index.html";
  }
  if (std::filesystem::is_regular_file(file, ec)) {
    auto canonical = std::filesystem::weakly_canonical(file, ec);
    auto [root_end, ignored] =
        std::mismatch(root_.begin(), root_.end(), canonical.begin(), canonical.end());
    if (ec || root_end != root_.end()) {
      return std::nullopt;
    }
    return File(canonical, request);
  }
  // A client-side route ("/clients/123"): the console's entry page.
  if (relative.extension().empty()) {
    auto index = root_ / "index.html";
    if (std::filesystem::is_regular_file(index, ec)) {
      return File(index, request);
    }
  }
  return std::nullopt;
}

std::optional<HttpResponse> StaticFiles::File(const std::filesystem::path& file,
                                              const HttpRequest& request) const {
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  auto modified = std::filesystem::last_write_time(file, ec);
  if (ec) {
    return std::nullopt;
  }
  HttpResponse response;
  std::string etag = "\"" + std::to_string(size) + "-" +
                     std::to_string(modified.time_since_epoch().count()) + "\"";
  std::string relative = file.lexically_relative(root_).generic_string();
  response.SetHeader("content-type", ContentTypeOf(file));
  response.SetHeader("etag", etag);
  response.SetHeader("cache-control",
                     Fingerprinted(relative) ? "public, max-age=31536000, immutable" : "no-cache");
  response.SetHeader("x-content-type-options", "nosniff");
  if (request.Header("if-none-match") == etag) {
    response.status = 304;
    return response;
  }
  std::ifstream in(file, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  response.body = content.str();
  return response;
}

}  // namespace crm::gateway
