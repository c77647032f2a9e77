// UTF-8 decoding and character classes: only what tokenizing English text needs.
#include "text/utf8.h"

#include "tagwire/common/utf8.h"

namespace tagwire::engine::utf8 {

char32_t decode(std::string_view s, size_t i, size_t& len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    len = 1;
    return b0;
  }
  int extra = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    extra = 1;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    extra = 2;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    extra = 3;
    cp = b0 & 0x07;
  } else {
    len = 1;
    return 0xFFFD;
  }
  if (i + static_cast<size_t>(extra) >= s.size()) {
    len = 1;
    return 0xFFFD;
  }
  for (int k = 1; k <= extra; ++k) {
    const auto b = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
    if ((b & 0xC0) != 0x80) {
      len = 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  len = static_cast<size_t>(extra) + 1;
  return cp;
}

void append(std::string& out, char32_t cp) { append_utf8(out, cp); }

CharClass classify(char32_t cp) {
  if (cp < 0x80) {
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return CharClass::kLetter;
    if (cp >= '0' && cp <= '9') return CharClass::kDigit;
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v') return CharClass::kSpace;
    if (cp < 0x20 || cp == 0x7F) return CharClass::kSpace;
    if (cp == '$' || cp == '+' || cp == '<' || cp == '=' || cp == '>' || cp == '^' || cp == '`' || cp == '|' ||
        cp == '~')
      return CharClass::kSymbol;
    return CharClass::kPunct;
  }
  if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
      cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF || cp == 0x200B)
    return CharClass::kSpace;
  if (cp == 0xAA || cp == 0xB5 || cp == 0xBA) return CharClass::kLetter;
  if (cp >= 0xA1 && cp <= 0xBF) {
    if (cp == 0xA1 || cp == 0xAB || cp == 0xB7 || cp == 0xBB || cp == 0xBF) return CharClass::kPunct;
    return CharClass::kSymbol;
  }
  if (cp == 0xD7 || cp == 0xF7) return CharClass::kSymbol;
  if (cp >= 0x2010 && cp <= 0x205E) return CharClass::kPunct;  // dashes, quotes, bullets, ellipsis
  if (cp >= 0x20A0 && cp <= 0x2BFF) return CharClass::kSymbol;  // currency, arrows, math, shapes
  if (cp >= 0x2E00 && cp <= 0x2E7F) return CharClass::kPunct;
  if (cp >= 0x3001 && cp <= 0x303F) return CharClass::kPunct;
  if (cp >= 0xFE30 && cp <= 0xFE6F) return CharClass::kPunct;
  if ((cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20)) return CharClass::kPunct;
  if (cp >= 0xE000 && cp <= 0xF8FF) return CharClass::kSymbol;  // private use (icon fonts)
  if (cp == 0xFFFD || cp == 0xFE0F || cp == 0x200D) return CharClass::kSymbol;
  if (cp >= 0x1F000) return CharClass::kSymbol;  // emoji and pictographs
  if (cp >= 0x0300 && cp <= 0x036F) return CharClass::kLetter;  // combining marks stay inside words
  return CharClass::kLetter;
}

}  // namespace tagwire::engine::utf8
