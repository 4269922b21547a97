#pragma once

#include <libxml/tree.h>

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// XML through libxml2: building a tree and writing it out, and reading bytes that came from
// outside (another system's exchange message) without trusting them: no network, no DTD, no
// entity expansion, a size limit.
namespace crm::common::xml {

// The bytes are not well-formed XML, or are refused (too large, a DOCTYPE).
class XmlError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using Doc = std::unique_ptr<xmlDoc, DocFree>;

// Building. Names and text are UTF-8; text is escaped as needed.
Doc NewDoc();
// The root element, in namespace `ns` (declared as the default namespace when `prefix` is empty)
// or in none when `ns` is empty.
xmlNode* SetRoot(xmlDoc* doc, std::string_view name, std::string_view ns = {},
                 std::string_view prefix = {});
// Declares `uri` under `prefix` ("" for the default namespace) on `node` and returns it.
xmlNs* DeclareNs(xmlNode* node, std::string_view uri, std::string_view prefix);
// A child element in `ns` (its parent's namespace when nullptr).
xmlNode* Child(xmlNode* parent, std::string_view name, xmlNs* ns = nullptr);
xmlNode* TextChild(xmlNode* parent, std::string_view name, std::string_view text,
                   xmlNs* ns = nullptr);
void Attr(xmlNode* node, std::string_view name, std::string_view value);
// The whole document with its XML declaration, indented, in `encoding`.
std::string Dump(xmlDoc* doc, const char* encoding = "UTF-8");

// Reading untrusted bytes. Refuses more than `max_bytes`, any DOCTYPE (so no entity can be
// declared, let alone expanded), and anything not well-formed, with XmlError saying what and
// where (line). Never touches the network.
Doc ParseUntrusted(std::string_view bytes, std::size_t max_bytes);

// Element children of `node` (text, comments skipped).
std::vector<const xmlNode*> Elements(const xmlNode* node);
// The first element child named `name` (local name), or nullptr.
const xmlNode* Find(const xmlNode* node, std::string_view name);
// The local name of an element, and its namespace URI ("" when none).
std::string_view Name(const xmlNode* node);
std::string_view NamespaceOf(const xmlNode* node);
// The text content of `node` ("" for nullptr).
std::string Text(const xmlNode* node);

}  // namespace crm::common::xml
