// Charset sniffing: byte order mark, HTTP header, meta prescan, UTF-8 check.
#include "html/charset_sniffer.h"

#include <cstdint>

#include "html/ascii.h"

namespace tagwire::engine::html {
namespace {

// The value after "charset=" inside a Content-Type style string, unquoted.
std::string_view charset_parameter(std::string_view s) {
  for (std::size_t i = 0; i + 8 <= s.size(); ++i) {
    if (!iequals(s.substr(i, 7), "charset")) continue;
    std::size_t j = i + 7;
    while (j < s.size() && is_space(s[j])) ++j;
    if (j >= s.size() || s[j] != '=') continue;
    ++j;
    while (j < s.size() && is_space(s[j])) ++j;
    char quote = 0;
    if (j < s.size() && (s[j] == '"' || s[j] == '\'')) quote = s[j++];
    std::size_t end = j;
    while (end < s.size() && s[end] != quote && s[end] != ';' && !is_space(s[end])) ++end;
    return s.substr(j, end - j);
  }
  return {};
}

struct MetaAttributes {
  std::string_view charset;
  std::string_view content;
  bool http_equiv_content_type = false;
};

// Reads the attributes of one tag starting just after "<meta"; `pos` ends
// after the closing '>'.
MetaAttributes read_meta_attributes(std::string_view s, std::size_t& pos) {
  MetaAttributes meta;
  while (pos < s.size()) {
    while (pos < s.size() && (is_space(s[pos]) || s[pos] == '/')) ++pos;
    if (pos >= s.size() || s[pos] == '>') break;
    std::size_t name_start = pos;
    while (pos < s.size() && !is_space(s[pos]) && s[pos] != '=' && s[pos] != '>') ++pos;
    std::string_view name = s.substr(name_start, pos - name_start);
    while (pos < s.size() && is_space(s[pos])) ++pos;
    std::string_view value;
    if (pos < s.size() && s[pos] == '=') {
      ++pos;
      while (pos < s.size() && is_space(s[pos])) ++pos;
      if (pos < s.size() && (s[pos] == '"' || s[pos] == '\'')) {
        char quote = s[pos++];
        std::size_t value_start = pos;
        while (pos < s.size() && s[pos] != quote) ++pos;
        value = s.substr(value_start, pos - value_start);
        if (pos < s.size()) ++pos;
      } else {
        std::size_t value_start = pos;
        while (pos < s.size() && !is_space(s[pos]) && s[pos] != '>') ++pos;
        value = s.substr(value_start, pos - value_start);
      }
    }
    if (iequals(name, "charset")) meta.charset = value;
    else if (iequals(name, "content")) meta.content = value;
    else if (iequals(name, "http-equiv")) meta.http_equiv_content_type = iequals(trim(value), "content-type");
  }
  if (pos < s.size()) ++pos;
  return meta;
}

std::size_t bom_of(std::string_view b, std::string& charset) {
  auto at = [&](std::size_t i) { return static_cast<unsigned char>(b[i]); };
  if (b.size() >= 3 && at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF) {
    charset = "utf-8";
    return 3;
  }
  if (b.size() >= 2 && at(0) == 0xFF && at(1) == 0xFE) {
    charset = "utf-16le";
    return 2;
  }
  if (b.size() >= 2 && at(0) == 0xFE && at(1) == 0xFF) {
    charset = "utf-16be";
    return 2;
  }
  return 0;
}

// Labels decoders know for UTF-32 (UCS-4), which the WHATWG Encoding Standard
// has none of: utf-32, utf-32le/be, ucs-4, iso-10646-ucs-4, csucs4,
// 10646-1:1993 and their spellings without separators ("utf32", "ucs4").
// libxml2 decodes every one of them, so a page or a header naming one was
// decoded as UTF-32 and came out as garbage.
bool is_utf32_label(std::string_view charset) {
  std::string squeezed;
  for (char c : charset) {
    if (c != '-' && c != '_' && c != '/' && c != ' ') squeezed += c;
  }
  return squeezed.find("utf32") != std::string::npos || squeezed.find("ucs4") != std::string::npos ||
         squeezed == "iso10646" || squeezed.starts_with("106461:1993");
}

// A label is used only when the Encoding Standard could have it and the
// decoder has it; any other is ignored, as if it had not been given.
bool is_usable_label(const std::string& charset, DecoderKnows decodable) {
  return !charset.empty() && !is_utf32_label(charset) && decodable(charset);
}

// What a charset named by a <meta> means (HTML standard, "prescan a byte
// stream to determine its encoding"): a meta found by scanning the bytes as
// ASCII cannot be in a UTF-16 page, so UTF-16 reads as UTF-8; x-user-defined
// reads as windows-1252. Obeyed as written, a page declaring utf-16 decoded
// into CJK-looking garbage and gave garbage tags.
std::string meta_charset(std::string_view label) {
  std::string charset = canonical_charset(label);
  if (is_utf16_label(charset)) return "utf-8";
  if (charset == "x-user-defined") return "windows-1252";
  return charset;
}

// Length of the well-formed UTF-8 sequence at b[i], or 0 if ill-formed.
std::size_t utf8_sequence_length(std::string_view b, std::size_t i) {
  auto at = [&](std::size_t k) { return static_cast<std::uint8_t>(b[k]); };
  std::uint8_t c = at(i);
  if (c < 0x80) return 1;
  std::size_t n;
  std::uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > b.size()) return 0;
  if (at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if ((at(i + k) & 0xC0) != 0x80) return 0;
  return n;
}

}  // namespace

bool is_utf16_label(std::string_view charset) {
  for (std::string_view label : {"utf-16", "utf-16le", "utf-16be", "unicode", "unicodefeff", "unicodefffe",
                                 "ucs-2", "csunicode", "iso-10646-ucs-2"}) {
    if (charset == label) return true;
  }
  return false;
}

std::string canonical_charset(std::string_view label) {
  std::string c = to_lower(trim(label));
  if (c == "utf8" || c == "unicode-1-1-utf-8") return "utf-8";
  if (c == "latin1" || c == "latin-1" || c == "l1" || c == "iso-8859-1" || c == "iso8859-1" ||
      c == "iso_8859-1" || c == "iso-ir-100" || c == "cp819" || c == "ibm819" || c == "cp1252" ||
      c == "x-cp1252" || c == "us-ascii" || c == "ascii" || c == "ansi_x3.4-1968")
    return "windows-1252";
  return c;
}

std::string charset_from_content_type(std::string_view content_type) {
  std::string_view value = charset_parameter(content_type);
  return value.empty() ? std::string() : canonical_charset(value);
}

// Like the HTML standard's prescan, a meta whose label is unusable does not
// end the scan: a later meta may still name a usable one.
std::string charset_from_meta(std::string_view bytes, DecoderKnows decodable, std::size_t window) {
  std::string_view head = bytes.substr(0, window);
  std::size_t pos = 0;
  while (pos + 5 < head.size()) {
    std::size_t lt = head.find('<', pos);
    if (lt == std::string_view::npos || lt + 5 >= head.size()) break;
    pos = lt + 1;
    if (!iequals(head.substr(pos, 4), "meta") || !(is_space(head[pos + 4]) || head[pos + 4] == '/'))
      continue;
    pos += 4;
    MetaAttributes meta = read_meta_attributes(head, pos);
    std::string_view label = meta.charset;
    if (label.empty() && meta.http_equiv_content_type) label = charset_parameter(meta.content);
    if (label.empty()) continue;
    std::string charset = meta_charset(label);
    if (is_usable_label(charset, decodable)) return charset;
  }
  return {};
}

bool is_valid_utf8(std::string_view bytes) {
  std::size_t i = 0;
  const std::size_t n = bytes.size();
  while (i < n) {
    // ASCII fast path, eight bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t word;
      __builtin_memcpy(&word, bytes.data() + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    std::size_t len = utf8_sequence_length(bytes, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string repair_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + 16);
  std::size_t i = 0;
  while (i < bytes.size()) {
    std::size_t len = utf8_sequence_length(bytes, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(bytes.data() + i, len);
      i += len;
    }
  }
  return out;
}

// The WHATWG order ("determine the character encoding", HTML standard): a
// byte order mark is the page speaking for its own bytes, so it beats a
// header that may come from a server default; the header beats the meta. An
// unusable label in the header or a meta is skipped like an absent one.
CharsetChoice choose_charset(std::string_view bytes, std::string_view content_type, DecoderKnows decodable) {
  CharsetChoice choice;
  std::string bom_charset;
  choice.bom_length = bom_of(bytes, bom_charset);
  if (choice.bom_length > 0) {
    choice.charset = bom_charset;
    return choice;
  }
  choice.charset = charset_from_content_type(content_type);
  if (is_usable_label(choice.charset, decodable)) return choice;
  choice.charset = charset_from_meta(bytes, decodable);
  if (!choice.charset.empty()) return choice;
  choice.charset = is_valid_utf8(bytes) ? "utf-8" : "windows-1252";
  return choice;
}

}  // namespace tagwire::engine::html
