// Sentence splitting over tokens: terminal punctuation and block boundaries.
#include "tagwire/engine/text.h"
#include "text/word_lists.h"

namespace tagwire::engine {
namespace {

bool is_terminal(const Token& t) {
  return t.kind == TokenKind::kPunct && (t.text == "." || t.text == "!" || t.text == "?" || t.text == "\xE2\x80\xA6");
}

bool is_closer(const Token& t) {
  return t.kind == TokenKind::kPunct &&
         (t.text == "\"" || t.text == "'" || t.text == ")" || t.text == "]" || t.text == "\xE2\x80\x9D");
}

// A '.' after "Mr" or after the initial in "J. K. Rowling" does not end a sentence.
bool period_after_abbreviation(const std::vector<Token>& tokens, size_t i) {
  if (tokens[i].text != "." || i == 0) return false;
  const Token& prev = tokens[i - 1];
  if (prev.kind != TokenKind::kWord || prev.offset + prev.text.size() != tokens[i].offset) return false;
  if (words::is_abbreviation(prev.lower)) return true;
  return prev.text.size() == 1 && prev.capitalized;
}

}  // namespace

std::vector<SentenceSpan> split_sentences(const std::vector<Token>& tokens) {
  std::vector<SentenceSpan> sentences;
  uint32_t begin = 0;
  auto close = [&](size_t end) {
    if (end > begin) sentences.push_back({begin, static_cast<uint32_t>(end)});
    begin = static_cast<uint32_t>(end);
  };
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].line_start) close(i);
    if (!is_terminal(tokens[i]) || period_after_abbreviation(tokens, i)) continue;
    size_t end = i + 1;
    while (end < tokens.size() && (is_terminal(tokens[end]) || is_closer(tokens[end])) && !tokens[end].line_start) {
      ++end;
    }
    close(end);
    i = end - 1;
  }
  close(tokens.size());
  return sentences;
}

}  // namespace tagwire::engine
