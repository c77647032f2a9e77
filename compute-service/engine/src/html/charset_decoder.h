// CharsetDecoder: every charset but UTF-8 and windows-1252 (which have their
// own code) decoded to UTF-8 before libxml2 sees the page.
//
// libxml2's own converters stop the whole parse at the first byte they cannot
// convert, so a Shift_JIS page with one bad byte lost everything after it.
// Here an ill-formed or unmappable sequence becomes U+FFFD and decoding goes
// on, as browsers do. Converters are glibc's iconv, which libxml2 used too,
// so a valid page decodes as it did when libxml2 decoded it; the labels of
// the WHATWG Encoding Standard that iconv does not know ("ks_c_5601-1987",
// "x-sjis", "windows-949", ...) open the encoding the Standard gives them.
// UTF-16 labels but "utf-16be" read as UTF-16LE, as in the Standard.
//
// Pure functions; thread-safe (each call opens its own converter).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tagwire::engine::html {

// `bytes` in the charset `charset` (a canonical label, charset_sniffer.h) as
// UTF-8, every ill-formed or unmappable sequence as U+FFFD (for UTF-16, one
// bad code unit is one U+FFFD, so the text after it stays aligned); nullopt
// when iconv does not know the label. Never fails otherwise.
std::optional<std::string> decode_to_utf8(std::string_view bytes, const std::string& charset);

}  // namespace tagwire::engine::html
