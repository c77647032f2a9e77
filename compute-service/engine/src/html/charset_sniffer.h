// Charset choice for raw HTML bytes, before any parsing (see html_document.h
// for the order of the rules). Pure functions over bytes; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tagwire::engine::html {

struct CharsetChoice {
  std::string charset;          // canonical lowercase label, e.g. "utf-8"
  std::size_t bom_length = 0;   // bytes of byte order mark to skip
};

// The charset= parameter of a Content-Type value, canonicalized; "" if none.
std::string charset_from_content_type(std::string_view content_type);

// Whether the decoder can use a canonical label for a page: it has it, and,
// UTF-16 aside, reads printable ASCII as itself (the engine asks libxml2 and
// knows utf-8 and windows-1252 itself). Every encoding of the WHATWG Encoding
// Standard but UTF-16 reads ASCII as itself; UTF-7 (which reads "+b" as
// base64) and the EBCDIC code pages (which move every letter) do not, and
// the Standard has neither. The sniffer uses it to ignore such labels, as it
// ignores UTF-32 and UCS-4, which the Standard lacks too.
using DecoderKnows = bool (*)(const std::string& charset);

// The labels of UTF-16LE and UTF-16BE in the WHATWG Encoding Standard
// ("utf-16", "utf-16le", "unicode", "ucs-2", ...), canonical (lowercase).
bool is_utf16_label(std::string_view charset);

// The first <meta charset> or <meta http-equiv="content-type"
// content="...charset="> within the first `window` bytes whose label is
// usable, canonicalized; "" if none. A label is unusable when `decodable`
// rejects it or the Encoding Standard has no such label (UTF-32 and UCS-4:
// "utf-32", "utf-32le", "ucs-4", ...); such a meta is skipped and the scan
// goes on. As the HTML standard asks, a UTF-16 label (utf-16, utf-16le,
// utf-16be and aliases) gives "utf-8" and x-user-defined gives
// "windows-1252"; a Content-Type header's charset is not rewritten so
// (charset_from_content_type).
std::string charset_from_meta(std::string_view bytes, DecoderKnows decodable, std::size_t window = 2048);

// True if the bytes are well-formed UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view bytes);

// Copy of the bytes with every ill-formed UTF-8 sequence replaced by U+FFFD.
std::string repair_utf8(std::string_view bytes);

// Lowercase label with aliases folded the way browsers fold them: latin-1,
// iso-8859-1 and us-ascii become "windows-1252", "utf8" becomes "utf-8".
std::string canonical_charset(std::string_view label);

// The whole rule: BOM, header, meta, then UTF-8 validity. A header or meta
// label that is unusable (see charset_from_meta) is ignored, as if absent, so
// the result is always a BOM's charset, a label `decodable` accepts, "utf-8"
// or "windows-1252". bom_length is non-zero only when the BOM chose the charset.
CharsetChoice choose_charset(std::string_view bytes, std::string_view content_type, DecoderKnows decodable);

}  // namespace tagwire::engine::html
