// The tokenizer and the sentence splitter.
#include <catch2/catch.hpp>

#include "tagwire/common/tag_text.h"
#include "tagwire/engine/text.h"

using namespace tagwire::engine;

namespace {

std::vector<std::string> texts(std::string_view input) {
  std::vector<std::string> out;
  for (const Token& t : tokenize(input)) out.push_back(t.text);
  return out;
}

using Words = std::vector<std::string>;

}  // namespace

TEST_CASE("technical words stay whole", "[tokenize]") {
  CHECK(texts("node.js and es6 with c++ or C# over I/O") ==
        Words{"node.js", "and", "es6", "with", "c++", "or", "C#", "over", "I/O"});
  CHECK(texts("a catch-all 3-day plan") == Words{"a", "catch-all", "3-day", "plan"});
}

TEST_CASE("numbers keep decimals and digit groups, and a period after them ends the sentence", "[tokenize]") {
  CHECK(texts("It cost $1,000.50 or 3.14.") == Words{"It", "cost", "$", "1,000.50", "or", "3.14", "."});
  const auto tokens = tokenize("1,000 3.14 es6");
  CHECK(tokens[0].kind == TokenKind::kNumber);
  CHECK(tokens[1].kind == TokenKind::kNumber);
  CHECK(tokens[2].kind == TokenKind::kWord);
  CHECK(tokens[2].has_digit);
}

TEST_CASE("apostrophes: contractions stay whole, the possessive 's splits off, ’ reads as '", "[tokenize]") {
  CHECK(texts("don't don’t Amazon’s button") == Words{"don't", "don't", "Amazon", "'s", "button"});
  CHECK(texts("the players' ball") == Words{"the", "players", "'", "ball"});
}

TEST_CASE("a lone typographic apostrophe is one punctuation token", "[tokenize]") {
  const auto tokens = tokenize("’");
  REQUIRE(tokens.size() == 1);
  CHECK(tokens[0].kind == TokenKind::kPunct);
  CHECK(tokens[0].text == "'");
  CHECK(texts("a ’ b ’") == Words{"a", "'", "b", "'"});
}

TEST_CASE("letters outside ASCII are letters and case folds for Latin-1", "[tokenize]") {
  const auto tokens = tokenize("Béziers crêpes — Étang…");
  REQUIRE(tokens.size() == 5);
  CHECK(tokens[0].text == "Béziers");
  CHECK(tokens[0].capitalized);
  CHECK(tokens[1].lower == "crêpes");
  CHECK(tokens[2].kind == TokenKind::kPunct);
  CHECK(tokens[3].lower == "étang");
  CHECK(tokens[4].kind == TokenKind::kPunct);
}

TEST_CASE("words fold to lowercase as tag spelling does in every script tags use", "[tokenize]") {
  // Before: Latin Extended-A was folded as if every even code point were a
  // capital, so "Łódź" became "ŃódŻ" and "žižek" "ſiſek": a tag no query for
  // Łódź could find (normalize_tag folds correctly).
  for (const char* word : {"Łódź", "ŁÓDŹ", "Žižek", "žižek", "Ÿvonne", "Ђорђе", "ΑΘΗΝΑ", "Ελλάδα"}) {
    INFO(word);
    const auto tokens = tokenize(word);
    REQUIRE(tokens.size() == 1);
    CHECK(tokens[0].lower == tagwire::normalize_tag(word));
  }
  CHECK(tokenize("Łódź")[0].capitalized);
  CHECK_FALSE(tokenize("łódź")[0].capitalized);
  CHECK(tokenize("ŁÓDŹ")[0].all_caps);
}

TEST_CASE("a run longer than any word is one symbol, not a word", "[tokenize]") {
  // The longest word of a dictionary found: 63 letters, 65 bytes.
  const std::string law = "Rindfleischetikettierungs\xC3\xBC" "berwachungsaufgaben\xC3\xBC" "bertragungsgesetz";
  REQUIRE(tokenize(law).size() == 1);
  CHECK(tokenize(law)[0].kind == TokenKind::kWord);
  CHECK(tokenize(std::string(kMaxWordCodePoints, 'a'))[0].kind == TokenKind::kWord);
  const auto over = tokenize("see " + std::string(kMaxWordCodePoints + 1, 'a') + " here");
  REQUIRE(over.size() == 3);
  CHECK(over[1].kind == TokenKind::kSymbol);
  CHECK(over[1].text.size() == kMaxWordCodePoints + 1);
  CHECK(over[2].kind == TokenKind::kWord);
  // Counted in code points, not bytes: 64 Cyrillic letters are a word of 128 bytes.
  std::string cyrillic;
  for (size_t i = 0; i < kMaxWordCodePoints; ++i) cyrillic += "\xD0\xB4";
  CHECK(tokenize(cyrillic)[0].kind == TokenKind::kWord);
  std::string joined = "node";  // joiners count too: a hyphenated chain of 70 code points
  while (joined.size() < 70) joined += "-node";
  const auto chain = tokenize(joined);
  REQUIRE(chain.size() == 1);
  CHECK(chain[0].kind == TokenKind::kSymbol);
  std::string blob(100'000, 'Q');  // a 100 KB run stays one token
  const auto tokens = tokenize(blob);
  REQUIRE(tokens.size() == 1);
  CHECK(tokens[0].kind == TokenKind::kSymbol);
}

TEST_CASE("invalid UTF-8 does not break tokenizing", "[tokenize]") {
  const std::string bad = std::string("ab\xFF\xFE") + "cd \xE2\x82";
  const auto tokens = tokenize(bad);
  REQUIRE_FALSE(tokens.empty());
  CHECK(tokens[0].text == "ab");
}

TEST_CASE("capitals and acronyms are flagged, and a newline starts a block", "[tokenize]") {
  const auto tokens = tokenize("NASA launched\nApollo");
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[0].all_caps);
  CHECK_FALSE(tokens[1].capitalized);
  CHECK(tokens[2].capitalized);
  CHECK(tokens[2].line_start);
  CHECK_FALSE(tokens[1].line_start);
}

TEST_CASE("sentences end at terminal punctuation but not after abbreviations or initials", "[tokenize]") {
  const auto tokens = tokenize("Mr. Smith met J. K. Rowling, e.g. at 3.30 p.m. in the U.S. today! Was it fun? Yes.");
  const auto sentences = split_sentences(tokens);
  REQUIRE(sentences.size() == 3);
  CHECK(tokens[sentences[0].end - 1].text == "!");
  CHECK(tokens[sentences[1].begin].text == "Was");
  CHECK(tokens[sentences[2].begin].text == "Yes");
}

TEST_CASE("a block boundary ends a sentence without punctuation", "[tokenize]") {
  const auto tokens = tokenize("A heading\nThe first paragraph. Its second sentence");
  const auto sentences = split_sentences(tokens);
  REQUIRE(sentences.size() == 3);
  CHECK(sentences[0].begin == 0);
  CHECK(sentences[0].end == 2);
  CHECK(tokens[sentences[2].begin].text == "Its");
}

TEST_CASE("closing quotes stay with the sentence they close", "[tokenize]") {
  const auto tokens = tokenize("He said \"stop.\" Then he left.");
  const auto sentences = split_sentences(tokens);
  REQUIRE(sentences.size() == 2);
  CHECK(tokens[sentences[0].end - 1].text == "\"");
}
