// The tokenizer: UTF-8 text → word, number, punctuation and symbol tokens.
//
// A word is a run of letters and digits that may continue across one inner
// joiner character when the characters around it allow it (see text.h). The
// typographic apostrophe ’ is read as ' everywhere, so "don’t" and "don't" are
// one word, and a lone ’ is an ordinary punctuation token. A run longer than
// kMaxWordCodePoints is kept whole but as a symbol: no word is that long.
#include <array>
#include <vector>

#include "tagwire/engine/text.h"
#include "text/utf8.h"

namespace tagwire::engine {
namespace {

using utf8::CharClass;

// utf8::classify of each ASCII code point, computed once.
const auto kAsciiClasses = [] {
  std::array<CharClass, 128> t{};
  for (char32_t c = 0; c < 128; ++c) t[c] = utf8::classify(c);
  return t;
}();

// The input as code points with byte offsets and classes, decoded in one
// pass into one array, so look-ahead is cheap.
struct CodePoint {
  char32_t cp;
  uint32_t offset;
  CharClass cls;
};

struct CodePoints {
  std::vector<CodePoint> at;

  explicit CodePoints(std::string_view text) {
    at.resize(text.size());  // at most one code point per byte; trimmed below
    CodePoint* out = at.data();
    size_t i = 0;
    while (i < text.size()) {
      const auto byte = static_cast<unsigned char>(text[i]);
      if (byte < 0x80) {  // ASCII, nearly all of English text: no decoding
        *out++ = {byte, static_cast<uint32_t>(i), kAsciiClasses[byte]};
        ++i;
        continue;
      }
      size_t len = 1;
      char32_t c = utf8::decode(text, i, len);
      if (c == 0x2019 || c == 0x2018 || c == 0x02BC) c = '\'';
      if (c == 0x2010 || c == 0x2011) c = '-';
      *out++ = {c, static_cast<uint32_t>(i), utf8::classify(c)};
      i += len;
    }
    at.resize(static_cast<size_t>(out - at.data()));
  }
  size_t size() const { return at.size(); }
  char32_t cp(size_t i) const { return at[i].cp; }
  uint32_t offset(size_t i) const { return at[i].offset; }
  CharClass cls(size_t i) const { return at[i].cls; }
  bool alnum(size_t i) const {
    return i < at.size() && (at[i].cls == CharClass::kLetter || at[i].cls == CharClass::kDigit);
  }
  bool letter(size_t i) const { return i < at.size() && at[i].cls == CharClass::kLetter; }
  bool digit(size_t i) const { return i < at.size() && at[i].cls == CharClass::kDigit; }
  bool is(size_t i, char32_t c) const { return i < at.size() && at[i].cp == c; }
  // Length of the alphanumeric run starting at i.
  size_t run_length(size_t i) const {
    size_t n = 0;
    while (alnum(i + n)) ++n;
    return n;
  }
};

// Whether the word that started at `begin` and has reached `i` (the joiner)
// continues across cps[i]. `digit_groups` says whether cps[begin, i) is all
// digits and commas: the caller keeps it as the word grows, because
// rescanning the word at every comma made "1,000,000,..." quadratic (588 KB
// of it took 23 s, 800 KB 31 s: tests/engine/hostile_input_test.cpp).
size_t joiner_length(const CodePoints& cps, size_t begin, size_t i, bool digit_groups) {
  const char32_t c = cps.cp(i);
  const bool prev_alnum = i > begin && cps.alnum(i - 1);
  if (!prev_alnum) return 0;
  if ((c == '.' || c == '-') && cps.alnum(i + 1)) return 1;
  if (c == '\'' && cps.letter(i - 1) && cps.letter(i + 1)) {
    // "'s" closing a word is a possessive or "is": a token of its own.
    const bool is_s = cps.is(i + 1, 's') || cps.is(i + 1, 'S');
    if (is_s && !cps.alnum(i + 2)) return 0;
    return 1;
  }
  if (c == ',' && digit_groups && cps.run_length(i + 1) == 3 && cps.digit(i + 1)) return 1;
  if (c == '/' && i - begin <= 3 && cps.letter(i + 1)) {
    const size_t next = cps.run_length(i + 1);
    if (next >= 1 && next <= 3 && !cps.is(i + 1 + next, '/')) return 1;
  }
  return 0;
}

// "++" or "#" closing a short word that starts with a letter: c++, c#, f#.
size_t suffix_length(const CodePoints& cps, size_t begin, size_t i) {
  if (!cps.letter(begin) || i - begin > 2) return 0;
  if (cps.is(i, '+') && cps.is(i + 1, '+') && !cps.alnum(i + 2) && !cps.is(i + 2, '+')) return 2;
  if (cps.is(i, '#') && !cps.alnum(i + 1)) return 1;
  return 0;
}

// Whether code points [begin, end) took one input byte each. With every
// code point below 0x80 it means the token's text is exactly those bytes (no
// ’ or ‐ was rewritten to an ASCII character, no invalid byte read as U+FFFD).
bool one_byte_each(std::string_view text, const CodePoints& cps, size_t begin, size_t end) {
  const size_t byte_end = end < cps.size() ? cps.offset(end) : text.size();
  return byte_end - cps.offset(begin) == end - begin;
}

Token make_token(std::string_view text, const CodePoints& cps, size_t begin, size_t end) {
  Token t;
  const uint32_t from = cps.offset(begin);
  t.offset = from;
  // One pass over the code points for the letter counts and the ASCII test.
  size_t letters = 0;
  size_t uppers = 0;
  bool digits_only = true;
  bool ascii = true;
  for (size_t k = begin; k < end; ++k) {
    const char32_t c = cps.cp(k);
    ascii = ascii && c < 0x80;
    if (cps.cls(k) == CharClass::kLetter) {
      ++letters;
      if (utf8::is_upper(c)) ++uppers;
      digits_only = false;
    } else if (cps.cls(k) == CharClass::kDigit) {
      t.has_digit = true;
    } else if (c != ',' && c != '.') {
      digits_only = false;
    }
  }
  if (ascii && one_byte_each(text, cps, begin, end)) {
    t.text.assign(text.substr(from, end - begin));
    t.lower = t.text;
    for (char& c : t.lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
  } else {
    for (size_t k = begin; k < end; ++k) {
      const char32_t c = cps.cp(k);
      utf8::append(t.text, c);
      utf8::append(t.lower, utf8::to_lower(c));
    }
  }
  t.capitalized = letters > 0 && utf8::is_upper(cps.cp(begin));
  t.all_caps = letters >= 2 && uppers == letters;
  const CharClass first = cps.cls(begin);
  if (first == CharClass::kDigit && digits_only) {
    t.kind = TokenKind::kNumber;
  } else if (first == CharClass::kLetter || first == CharClass::kDigit) {
    t.kind = end - begin <= kMaxWordCodePoints ? TokenKind::kWord : TokenKind::kSymbol;
  } else if (first == CharClass::kPunct) {
    t.kind = TokenKind::kPunct;
  } else {
    t.kind = TokenKind::kSymbol;
  }
  return t;
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  const CodePoints cps(text);
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 5 + 4);
  bool line_start = true;
  size_t i = 0;
  while (i < cps.size()) {
    const CharClass cls = cps.cls(i);
    if (cls == CharClass::kSpace) {
      if (cps.cp(i) == '\n') line_start = true;
      ++i;
      continue;
    }
    size_t begin = i;
    if (cls == CharClass::kLetter || cls == CharClass::kDigit) {
      // What joiner_length needs to know of the word so far, kept as it
      // grows so that the word is never rescanned.
      bool digit_groups = true;  // cps[begin, i) holds only digits and commas
      while (i < cps.size()) {
        if (cps.alnum(i)) {
          digit_groups = digit_groups && cps.digit(i);
          ++i;
        } else if (size_t j = joiner_length(cps, begin, i, digit_groups); j > 0) {
          for (size_t k = i; k < i + j; ++k) digit_groups = digit_groups && cps.is(k, ',');
          i += j;
        } else {
          i += suffix_length(cps, begin, i);
          break;
        }
      }
    } else if (cps.is(i, '\'') && (cps.is(i + 1, 's') || cps.is(i + 1, 'S')) && i > 0 && cps.letter(i - 1) &&
               !cps.alnum(i + 2)) {
      i += 2;  // the possessive "'s" split off the word before it
    } else {
      ++i;
    }
    Token t = make_token(text, cps, begin, i);
    t.line_start = line_start;
    line_start = false;
    tokens.push_back(std::move(t));
  }
  return tokens;
}

}  // namespace tagwire::engine
