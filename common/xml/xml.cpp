#include "common/xml/xml.h"

#include <libxml/parser.h>

namespace crm::common::xml {
namespace {

std::string Z(std::string_view text) { return std::string(text); }

const xmlChar* X(const std::string& text) { return reinterpret_cast<const xmlChar*>(text.c_str()); }

}  // namespace

Doc NewDoc() {
  Doc doc(xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0")));
  if (!doc) {
    throw std::bad_alloc();
  }
  return doc;
}

xmlNode* SetRoot(xmlDoc* doc, std::string_view name, std::string_view ns, std::string_view prefix) {
  xmlNode* root = xmlNewDocNode(doc, nullptr, X(Z(name)), nullptr);
  xmlDocSetRootElement(doc, root);
  if (!ns.empty()) {
    xmlSetNs(root, DeclareNs(root, ns, prefix));
  }
  return root;
}

xmlNs* DeclareNs(xmlNode* node, std::string_view uri, std::string_view prefix) {
  const std::string p = Z(prefix);
  return xmlNewNs(node, X(Z(uri)), prefix.empty() ? nullptr : X(p));
}

xmlNode* Child(xmlNode* parent, std::string_view name, xmlNs* ns) {
  return xmlNewChild(parent, ns != nullptr ? ns : parent->ns, X(Z(name)), nullptr);
}

xmlNode* TextChild(xmlNode* parent, std::string_view name, std::string_view text, xmlNs* ns) {
  // xmlNewTextChild escapes what xmlNewChild would parse as markup.
  return xmlNewTextChild(parent, ns != nullptr ? ns : parent->ns, X(Z(name)), X(Z(text)));
}

void Attr(xmlNode* node, std::string_view name, std::string_view value) {
  xmlNewProp(node, X(Z(name)), X(Z(value)));
}

std::string Dump(xmlDoc* doc, const char* encoding) {
  xmlChar* bytes = nullptr;
  int size = 0;
  xmlDocDumpFormatMemoryEnc(doc, &bytes, &size, encoding, 1);
  if (bytes == nullptr) {
    throw std::runtime_error(std::string("libxml2 could not write the document in ") + encoding);
  }
  std::string out(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
  xmlFree(bytes);
  return out;
}

Doc ParseUntrusted(std::string_view bytes, std::size_t max_bytes) {
  if (bytes.size() > max_bytes) {
    throw XmlError("larger than " + std::to_string(max_bytes) + " bytes");
  }
  if (bytes.empty()) {
    throw XmlError("empty");
  }
  // A DOCTYPE is what declares entities (and DTDs to load); refused before libxml2 reads any of
  // it. The text can appear nowhere else unescaped but in a comment or CDATA, refused alike.
  if (bytes.find("<!DOCTYPE") != std::string_view::npos) {
    throw XmlError("a DOCTYPE is not accepted (entities and DTDs are refused)");
  }
  std::unique_ptr<xmlParserCtxt, void (*)(xmlParserCtxtPtr)> ctxt(xmlNewParserCtxt(),
                                                                  xmlFreeParserCtxt);
  if (!ctxt) {
    throw std::bad_alloc();
  }
  // No network, no DTD loading, no entity substitution (XML_PARSE_NOENT is left out on purpose),
  // no errors printed to stderr: they come back in the exception.
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  Doc doc(xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()), nullptr,
                            nullptr, options));
  if (!doc || ctxt->wellFormed == 0) {
    const xmlError* error = xmlCtxtGetLastError(ctxt.get());
    std::string what = "not well-formed XML";
    if (error != nullptr && error->message != nullptr) {
      std::string message = error->message;
      while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
        message.pop_back();
      }
      what += " (line " + std::to_string(error->line) + ": " + message + ")";
    }
    throw XmlError(what);
  }
  // A DOCTYPE is what declares entities; an exchange message never has one.
  if (doc->intSubset != nullptr || doc->extSubset != nullptr) {
    throw XmlError("a DOCTYPE is not accepted (entities and DTDs are refused)");
  }
  if (xmlDocGetRootElement(doc.get()) == nullptr) {
    throw XmlError("no root element");
  }
  return doc;
}

std::vector<const xmlNode*> Elements(const xmlNode* node) {
  std::vector<const xmlNode*> out;
  if (node == nullptr) {
    return out;
  }
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_ELEMENT_NODE) {
      out.push_back(child);
    }
  }
  return out;
}

const xmlNode* Find(const xmlNode* node, std::string_view name) {
  if (node == nullptr) {
    return nullptr;
  }
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_ELEMENT_NODE && Name(child) == name) {
      return child;
    }
  }
  return nullptr;
}

std::string_view Name(const xmlNode* node) { return reinterpret_cast<const char*>(node->name); }

std::string_view NamespaceOf(const xmlNode* node) {
  if (node->ns == nullptr || node->ns->href == nullptr) {
    return {};
  }
  return reinterpret_cast<const char*>(node->ns->href);
}

std::string Text(const xmlNode* node) {
  if (node == nullptr) {
    return {};
  }
  xmlChar* content = xmlNodeGetContent(node);
  if (content == nullptr) {
    return {};
  }
  std::string out(reinterpret_cast<const char*>(content));
  xmlFree(content);
  return out;
}

}  // namespace crm::common::xml
