// Text → tokens and sentences: a UTF-8 tokenizer that keeps technical words
// whole, and a sentence splitter that knows abbreviations and decimals.
//
// Pure functions over plain values; safe to call from any thread. Invalid
// UTF-8 never fails: a bad byte is read as one symbol and skipped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tagwire::engine {

enum class TokenKind : uint8_t {
  kWord,    // letters, possibly with digits and inner . - ' (node.js, catch-all, don't, es6, c++)
  kNumber,  // digits with inner , or . (1,000 3.14); a leading sign is punctuation
  kPunct,   // one punctuation character (. , ; : ! ? ( ) " ' ’ — ...)
  kSymbol,  // anything else that is neither letter nor digit (© € → emoji)
};

struct Token {
  std::string text;   // as written, except ’ and ‘ become '
  std::string lower;  // lowercase as tags are spelled (lower_code_point, tagwire/common/utf8.h)
  TokenKind kind = TokenKind::kWord;
  uint32_t offset = 0;       // byte offset in the input
  bool capitalized = false;  // first letter upper case
  bool all_caps = false;     // two or more letters, all upper case
  bool has_digit = false;
  bool line_start = false;   // first token after a '\n' (a block boundary) or of the input
};

// Splits UTF-8 text into tokens. Inner joins: '.' between alphanumerics
// (node.js, 3.14, e.g), '-' between alphanumerics (catch-all, 3-day), an
// apostrophe between letters (don't, o'clock; a possessive "'s" becomes a token
// of its own), '/' between two short parts (i/o, tcp/ip), trailing "++" and
// "#" after a letter (c++, c#), ',' between digit groups (1,000).
std::vector<Token> tokenize(std::string_view text);

// A sentence as a half-open range of token indexes.
struct SentenceSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
};

// Sentences end at . ! ? … (and closing quotes or brackets after them) unless
// the '.' follows a known abbreviation or a single capital initial, and at
// every block boundary (Token::line_start).
std::vector<SentenceSpan> split_sentences(const std::vector<Token>& tokens);

}  // namespace tagwire::engine
