// UTF-8 encoding of one code point, shared by every part that writes text
// (the GraphQL lexer's \u escapes, tag spelling, the engine's decoders), and
// the one lowercase mapping tags are spelled and looked up by.
// Thread safety: pure functions.
#pragma once

#include <string>

namespace tagwire {

// Appends `cp` to `out` as UTF-8 (1–4 bytes). Precondition: cp ≤ 0x10FFFF;
// surrogates are not checked (callers decode only valid scalar values).
inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Lowercase of one code point for the scripts tags are written in here:
// Latin-1, Latin Extended-A, Greek, Cyrillic; others are returned as they
// are. The engine's tokenizer and the tag keys (tag_text.h) both use it, so a
// tag the engine wrote is found by a query that spells it in any case.
constexpr char32_t lower_code_point(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c >= 0x100 && c <= 0x137) return c | 1;                   // pairs: even upper, odd lower
  if (c >= 0x139 && c <= 0x148) return (c & 1) ? c + 1 : c;     // odd upper, even lower
  if (c >= 0x14A && c <= 0x177) return c | 1;
  if (c == 0x178) return 0xFF;
  if (c >= 0x179 && c <= 0x17E) return (c & 1) ? c + 1 : c;
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 0x20;  // Greek capitals
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;                // Cyrillic А..Я
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;                // Cyrillic Ѐ..Џ
  return c;
}

// True for the capitals lower_code_point maps.
constexpr bool is_upper_code_point(char32_t c) { return lower_code_point(c) != c; }

}  // namespace tagwire
