// normalize_tag: the engine's one spelling of a tag.
#include <cstdint>
#include <string>
#include <string_view>

#include "html/text_sink.h"
#include "tagwire/engine/extractor.h"

namespace tagwire::engine {
namespace {

// Lowercase of one code point for the scripts tags are written in here:
// Latin-1, Latin Extended-A, Greek, Cyrillic. Others are returned as is.
char32_t lower_code_point(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c >= 0x100 && c <= 0x137) return c | 1;                       // pairs: even upper, odd lower
  if (c >= 0x139 && c <= 0x148) return (c & 1) ? c + 1 : c;         // odd upper, even lower
  if (c >= 0x14A && c <= 0x177) return c | 1;
  if (c == 0x178) return 0xFF;
  if (c >= 0x179 && c <= 0x17E) return (c & 1) ? c + 1 : c;
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 0x20;      // Greek capitals
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;                    // Cyrillic А..Я
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;                    // Cyrillic Ѐ..Џ
  return c;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Decodes the code point at s[i] and advances i; a stray byte is passed
// through as itself so nothing is lost.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
  std::uint8_t b = byte(i);
  std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (n <= 1 || i + n > s.size()) {
    ++i;
    return b;
  }
  char32_t c = b & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) c = (c << 6) | (byte(i + k) & 0x3F);
  i += n;
  return c;
}

}  // namespace

std::string normalize_tag(std::string_view raw) {
  std::string lowered;
  lowered.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    std::size_t start = i;
    char32_t c = next_code_point(raw, i);
    if (c == '-' || c == '_') {
      lowered += ' ';
    } else if (i - start == 1 && c >= 0x80) {
      lowered += raw[start];  // not UTF-8: keep the byte
    } else {
      append_utf8(lowered, lower_code_point(c));
    }
  }
  std::string out;
  out.reserve(lowered.size());
  html::TextSink sink(out);
  sink.text(lowered);
  return out;
}

}  // namespace tagwire::engine
