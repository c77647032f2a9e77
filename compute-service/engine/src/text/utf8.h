// UTF-8 decoding and a coarse character classification for the tokenizer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tagwire::engine::utf8 {

// Decodes the code point at s[i]; sets `len` to its byte length (1 for an
// invalid byte, which decodes as U+FFFD).
char32_t decode(std::string_view s, size_t i, size_t& len);

void append(std::string& out, char32_t cp);

enum class CharClass : uint8_t { kLetter, kDigit, kSpace, kPunct, kSymbol };

// Letters are ASCII letters and any code point outside the punctuation,
// space and symbol blocks listed in utf8.cpp (Latin, Greek, Cyrillic, CJK...).
CharClass classify(char32_t cp);

// Inline: the tokenizer asks for every letter of the text.
inline bool is_upper(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return true;
  if (cp >= 0x391 && cp <= 0x3A9) return true;   // Greek
  if (cp >= 0x410 && cp <= 0x42F) return true;   // Cyrillic
  if (cp >= 0x100 && cp <= 0x17F) return (cp % 2) == 0;  // Latin Extended-A pairs
  return false;
}

inline char32_t to_lower(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
  if (cp >= 0x391 && cp <= 0x3A9) return cp + 32;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 32;
  if (cp >= 0x100 && cp <= 0x17F && (cp % 2) == 0) return cp + 1;
  return cp;
}

}  // namespace tagwire::engine::utf8
