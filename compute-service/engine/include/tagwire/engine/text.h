// Text → tokens and sentences: a UTF-8 tokenizer that keeps technical words
// whole, and a sentence splitter that knows abbreviations and decimals.
//
// Pure functions over plain values; safe to call from any thread. Invalid
// UTF-8 never fails: a bad byte is read as one symbol and skipped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tagwire::engine {

enum class TokenKind : uint8_t {
  kWord,    // letters, possibly with digits and inner . - ' (node.js, catch-all, don't, es6, c++)
  kNumber,  // digits with inner , or . (1,000 3.14); a leading sign is punctuation
  kPunct,   // one punctuation character (. , ; : ! ? ( ) " ' ’ — ...)
  kSymbol,  // anything else that is neither letter nor digit (© € → emoji), and a
            // would-be word longer than kMaxWordCodePoints
};

// The longest word, in code points (letters, digits and inner joiners). The
// longest words of dictionaries are 45 letters (English
// "pneumonoultramicroscopicsilicovolcanoconiosis"), 58 (the Welsh village
// Llanfairpwllgwyngyll...gogogoch) and 63 (the German law
// "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"); host
// names and dotted identifiers ("org.apache.commons.lang3") rarely pass 40. A
// longer run is no word: a base64 blob, minified code, a run of one letter,
// or a stretch of text written without spaces. It becomes one kSymbol token,
// so it is never a tag candidate (a page holding one 2.4 MB "word" was
// tagged with it). In code points rather than bytes so that the bound does
// not depend on the script; 64 code points of any script but the
// supplementary planes are at most 192 bytes, within a tag's kMaxTagBytes
// (common/tag_text.h).
constexpr size_t kMaxWordCodePoints = 64;

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
// "#" after a letter (c++, c#), ',' between digit groups (1,000). A run that
// would be a word of more than kMaxWordCodePoints is one kSymbol token.
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
