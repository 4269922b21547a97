// XML from other systems (common/xml's ParseUntrusted): any bytes are a document or an XmlError,
// a document can be walked as the readers walk it, and written out it reads back.
#include <libxml/tree.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/xml/xml.h"

namespace {

namespace xml = crm::common::xml;

constexpr std::size_t kMaxBytes = 1024 * 1024;

std::size_t Walk(const xmlNode* node, int depth) {
  std::size_t elements = 1;
  xml::Name(node);
  xml::NamespaceOf(node);
  xml::Text(node);
  xml::Find(node, "Body");
  if (depth < 64) {
    for (const xmlNode* child : xml::Elements(node)) {
      elements += Walk(child, depth + 1);
    }
  }
  return elements;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  xml::Doc doc;
  try {
    doc = xml::ParseUntrusted(bytes, kMaxBytes);
  } catch (const xml::XmlError&) {
    return 0;
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) {
    std::abort();
  }
  Walk(root, 0);
  const std::string written = xml::Dump(doc.get());
  try {
    xml::ParseUntrusted(written, 4 * kMaxBytes);
  } catch (const xml::XmlError&) {
    std::abort();
  }
  return 0;
}
