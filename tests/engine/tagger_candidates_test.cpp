// Noun-phrase candidates found by the "tag" stage.
#include <catch2/catch.hpp>

#include "tagwire/engine/tagger.h"
#include "text_lexicon_fixture.h"

using namespace tagwire::engine;
using tagwire::engine::testing::shared_lexicon;

namespace {

std::vector<std::string> phrases(const std::string& body) {
  Article article;
  article.body = body;
  const Analysis a = analyze_text(article, *shared_lexicon());
  std::vector<std::string> out;
  for (const PhraseOccurrence& p : a.phrases) {
    std::string phrase;
    for (uint32_t i = p.begin; i < p.end; ++i) {
      if (!phrase.empty()) phrase += ' ';
      phrase += a.tokens[i].lower;
    }
    out.push_back(phrase);
  }
  return out;
}

using Phrases = std::vector<std::string>;

}  // namespace

TEST_CASE("adjective-noun runs and names are candidates", "[candidates]") {
  CHECK(phrases("We walked to the Watkins Glen festival with Mr. Smith to draw a Venn diagram.") ==
        Phrases{"watkins glen festival", "smith", "venn diagram"});
}

TEST_CASE("a candidate neither starts nor ends with a stop word or an adjective", "[candidates]") {
  CHECK(phrases("Several other large data centers were quiet.") == Phrases{"large data centers"});
  CHECK(phrases("The server is fast and cheap.") == Phrases{"server"});
}

TEST_CASE("a capitalized stop word inside a name stays", "[candidates]") {
  CHECK(phrases("They moved to New York last year.") == Phrases{"new york", "year"});
}

TEST_CASE("long runs keep the head and its nearest modifiers", "[candidates]") {
  CHECK(phrases("The new high speed fibre optic network cable arrived.") == Phrases{"fibre optic network cable"});
}

TEST_CASE("verbs, numbers and punctuation break candidates", "[candidates]") {
  CHECK(phrases("Apple sells phones, tablets and 3 watches.") == Phrases{"apple", "phones", "tablets", "watches"});
}
