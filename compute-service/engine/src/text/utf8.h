// UTF-8 decoding and a coarse character classification for the tokenizer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tagwire/common/utf8.h"

namespace tagwire::engine::utf8 {

// Decodes the code point at s[i]; sets `len` to its byte length (1 for an
// invalid byte, which decodes as U+FFFD).
char32_t decode(std::string_view s, size_t i, size_t& len);

void append(std::string& out, char32_t cp);

enum class CharClass : uint8_t { kLetter, kDigit, kSpace, kPunct, kSymbol };

// Letters are ASCII letters and any code point outside the punctuation,
// space and symbol blocks listed in utf8.cpp (Latin, Greek, Cyrillic, CJK...).
CharClass classify(char32_t cp);

// Inline: the tokenizer asks for every letter of the text. The mapping is
// common's, the one tag keys use (tagwire/common/utf8.h).
inline bool is_upper(char32_t cp) { return is_upper_code_point(cp); }
inline char32_t to_lower(char32_t cp) { return lower_code_point(cp); }

}  // namespace tagwire::engine::utf8
