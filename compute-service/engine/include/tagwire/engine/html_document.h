// HtmlDocument: one HTML page parsed by libxml2's HTML parser, decoded to UTF-8.
//
// parse() never fails: broken markup (unclosed tags, stray end tags, bad
// nesting) is recovered the way libxml2's HTML parser recovers it, and empty
// input gives an empty document. The charset is chosen before parsing, in the
// HTML standard's order: a byte order mark (UTF-8, UTF-16LE, UTF-16BE; it is
// not part of the text), the charset= parameter of the HTTP Content-Type
// value, a <meta charset> or http-equiv Content-Type in the first 2 KB, then
// UTF-8 if the bytes are valid UTF-8, else windows-1252. Latin-1 labels are
// read as windows-1252, as browsers do; as the HTML standard asks, a meta
// naming UTF-16 means UTF-8 (the meta was found by reading the bytes as ASCII)
// and one naming x-user-defined means windows-1252. Labels other than UTF-8
// and windows-1252 are decoded by glibc's iconv (as libxml2 would; the labels
// of the WHATWG Encoding Standard iconv lacks, such as "ks_c_5601-1987", by
// the encoding the Standard gives them). A label in the header or a meta is
// ignored, as if it were absent, when no decoder has it, when the decoder does
// not read printable ASCII as itself (UTF-7, EBCDIC code pages), or when it
// names UTF-32 or UCS-4 ("utf-32", "utf-32be", "ucs-4", ...), which the WHATWG
// Encoding Standard lacks. The page is decoded to UTF-8 before libxml2 parses
// it and the page's own hints are ignored by the parser, so the order above
// is the only rule. Bytes that are ill-formed or unmappable in the chosen
// charset become U+FFFD (one per bad byte, or per bad code unit in UTF-16)
// and the text after them is kept; windows-1252 has no such bytes (its five
// undefined ones decode as the C1 controls of the same value).
//
// A body that decodes to binary data rather than text is not parsed: the
// document is empty and binary() is true. Binary means that among the first
// 4096 decoded code points, at least 1 in 64 (and 8) are controls no text
// holds (NUL and the WHATWG MIME Sniffing Standard's other "binary data
// bytes"; in UTF-16 also U+FFFD, which only an unpaired surrogate makes
// there), or at least half are such controls or U+FFFD; see
// src/html/binary_sniffer.h. Random bytes served as text/html gave junk tags.
//
// The document owns its libxml2 tree and frees it on destruction. It is
// movable, not copyable. A const document may be read from several threads at
// once; parse() itself is thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct _xmlDoc;  // libxml2's document; only the engine's own sources see inside

namespace tagwire::engine {

class HtmlDocument {
 public:
  static HtmlDocument parse(std::string_view bytes, std::string_view content_type);

  HtmlDocument(HtmlDocument&&) noexcept = default;
  HtmlDocument& operator=(HtmlDocument&&) noexcept = default;
  HtmlDocument(const HtmlDocument&) = delete;
  HtmlDocument& operator=(const HtmlDocument&) = delete;
  ~HtmlDocument() = default;

  // The charset the bytes were decoded from, lowercase ("utf-8",
  // "windows-1252", "utf-16le", ...).
  const std::string& charset() const { return charset_; }

  // True when the decoded body is binary data, not text; the document is then empty.
  bool binary() const { return binary_; }

 private:
  struct FreeDoc {
    void operator()(_xmlDoc* doc) const;
  };
  HtmlDocument(std::unique_ptr<_xmlDoc, FreeDoc> doc, std::string charset, bool binary);

  friend struct HtmlDocumentAccess;  // src/html: the extractor reads the tree
  std::unique_ptr<_xmlDoc, FreeDoc> doc_;
  std::string charset_;
  bool binary_ = false;
};

}  // namespace tagwire::engine
