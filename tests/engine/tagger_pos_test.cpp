// Part-of-speech tagging and lemmas (the "tag" stage).
#include <catch2/catch.hpp>

#include "tagwire/engine/tagger.h"
#include "text_lexicon_fixture.h"

using namespace tagwire::engine;
using tagwire::engine::testing::shared_lexicon;

namespace {

Analysis analyze_body(const std::string& body) {
  Article a;
  a.body = body;
  return analyze_text(a, *shared_lexicon());
}

// "word/TAG word/TAG ..." for the whole analysis.
std::string tagged(const Analysis& a) {
  std::string out;
  for (size_t i = 0; i < a.tokens.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += a.tokens[i].text + "/" + pos_tag_name(a.pos[i]);
  }
  return out;
}

}  // namespace

TEST_CASE("closed-class words, nouns after determiners and verbs after subjects", "[pos]") {
  CHECK(tagged(analyze_body("The weekly meetings start at noon.")) ==
        "The/DET weekly/ADJ meetings/NOUN start/VERB at/ADP noon/NOUN ./PUNCT");
  CHECK(tagged(analyze_body("We walked to the festival.")) ==
        "We/PRON walked/VERB to/PART the/DET festival/NOUN ./PUNCT");
}

TEST_CASE("capitalized words mid-sentence and acronyms are proper nouns", "[pos]") {
  CHECK(tagged(analyze_body("They met Freida Pinto at NASA on Friday.")) ==
        "They/PRON met/VERB Freida/PROPN Pinto/PROPN at/ADP NASA/PROPN on/ADP Friday/PROPN ./PUNCT");
}

TEST_CASE("to plus a verb, modals, -ly adverbs and unknown technical words", "[pos]") {
  CHECK(tagged(analyze_body("You should quickly try to install the webpack bundler.")) ==
        "You/PRON should/AUX quickly/ADV try/VERB to/PART install/VERB the/DET webpack/NOUN bundler/NOUN ./PUNCT");
}

TEST_CASE("an -ing verb after a preposition is a gerund, after a determiner a modifier", "[pos]") {
  CHECK(tagged(analyze_body("They help by providing clear feedback.")) ==
        "They/PRON help/VERB by/ADP providing/VERB clear/ADJ feedback/NOUN ./PUNCT");
  CHECK(tagged(analyze_body("She wrote a debugging tool.")) ==
        "She/PRON wrote/VERB a/DET debugging/ADJ tool/NOUN ./PUNCT");
  CHECK(tagged(analyze_body("We tested the proposed method.")) ==
        "We/PRON tested/VERB the/DET proposed/ADJ method/NOUN ./PUNCT");
}

TEST_CASE("a measure compound modifies the noun after it, spelled in digits or in words", "[pos]") {
  CHECK(tagged(analyze_body("We made a sixteen-week plan.")) ==
        "We/PRON made/VERB a/DET sixteen-week/ADJ plan/NOUN ./PUNCT");
  CHECK(tagged(analyze_body("We took a three-run lead.")) == "We/PRON took/VERB a/DET three-run/ADJ lead/NOUN ./PUNCT");
  CHECK(tagged(analyze_body("We took a 3-day rest.")) == "We/PRON took/VERB a/DET 3-day/ADJ rest/NOUN ./PUNCT");
  CHECK(tagged(analyze_body("We saw a first-quarter loss.")) ==
        "We/PRON saw/VERB a/DET first-quarter/ADJ loss/NOUN ./PUNCT");
  CHECK(tagged(analyze_body("We signed a multi-year deal.")) ==
        "We/PRON signed/VERB a/DET multi-year/ADJ deal/NOUN ./PUNCT");
  // Spelled-out numbers are numbers: "sixteen weeks" is no noun phrase of its own.
  CHECK(tagged(analyze_body("It took sixteen weeks.")) == "It/PRON took/VERB sixteen/NUM weeks/NOUN ./PUNCT");
  // Other compounds keep the class of their last part.
  CHECK(tagged(analyze_body("The co-founder spoke.")) == "The/DET co-founder/NOUN spoke/VERB ./PUNCT");
}

TEST_CASE("a hyphenated word takes its class from its parts, and a compound on a name is no name", "[pos]") {
  CHECK(tagged(analyze_body("We met the Oscar-winning actor.")) ==
        "We/PRON met/VERB the/DET Oscar-winning/ADJ actor/NOUN ./PUNCT");
  CHECK(tagged(analyze_body("We met Hewlett-Packard engineers.")) ==
        "We/PRON met/VERB Hewlett-Packard/PROPN engineers/NOUN ./PUNCT");
  // The last part's commoner class: "heavy" is mostly an adjective, "friendly" an adjective WordNet knows.
  CHECK(tagged(analyze_body("The script was pun-heavy.")) == "The/DET script/NOUN was/AUX pun-heavy/ADJ ./PUNCT");
  CHECK(tagged(analyze_body("We bought eco-friendly products.")) ==
        "We/PRON bought/VERB eco-friendly/ADJ products/NOUN ./PUNCT");
  // An -ly word WordNet does not know is an adverb.
  CHECK(tagged(analyze_body("It was a jaw-droppingly long film.")) ==
        "It/PRON was/AUX a/DET jaw-droppingly/ADV long/ADJ film/NOUN ./PUNCT");
  // Before a word that is mostly a noun, a compound qualifies it; on its own, or before a verb, it names.
  CHECK(tagged(analyze_body("We saw the opening-day crowd.")) ==
        "We/PRON saw/VERB the/DET opening-day/ADJ crowd/NOUN ./PUNCT");
  CHECK(tagged(analyze_body("We signed a high-profile deal.")) ==
        "We/PRON signed/VERB a/DET high-profile/ADJ deal/NOUN ./PUNCT");
  CHECK(tagged(analyze_body("We missed the opening-day.")) ==
        "We/PRON missed/VERB the/DET opening-day/NOUN ./PUNCT");
  CHECK(tagged(analyze_body("The co-founder runs the company.")) ==
        "The/DET co-founder/NOUN runs/VERB the/DET company/NOUN ./PUNCT");
  CHECK(tagged(analyze_body("The co-founder left the company.")) ==
        "The/DET co-founder/NOUN left/VERB the/DET company/NOUN ./PUNCT");
  // WordNet knows it written open, "secretary general": a noun, though "general" is mostly an adjective.
  CHECK(tagged(analyze_body("We met the secretary-general.")) ==
        "We/PRON met/VERB the/DET secretary-general/NOUN ./PUNCT");
}

TEST_CASE("an agent noun is not read as a comparative adjective", "[pos]") {
  CHECK(tagged(analyze_body("Ask the presenter.")) == "Ask/VERB the/DET presenter/NOUN ./PUNCT");
}

TEST_CASE("common nouns are lemmatized to the singular, names and technical words are not", "[pos]") {
  const Analysis a = analyze_body("The children wrote analyses of meetings with Watkins about node.js apps.");
  std::vector<std::string> lemmas(a.lemmas.begin(), a.lemmas.end());
  CHECK(lemmas == std::vector<std::string>{"the", "child", "write", "analysis", "of", "meeting", "with", "watkins",
                                           "about", "node.js", "app", "."});
}

TEST_CASE("verbs and adjectives are lemmatized to their base form", "[pos]") {
  const Analysis a = analyze_body("They harvested bigger apples.");
  CHECK(tagged(a) == "They/PRON harvested/VERB bigger/ADJ apples/NOUN ./PUNCT");
  std::vector<std::string> lemmas(a.lemmas.begin(), a.lemmas.end());
  CHECK(lemmas == std::vector<std::string>{"they", "harvest", "big", "apple", "."});
}

TEST_CASE("a word capitalized at a sentence start is the common noun the text also uses", "[pos]") {
  const Analysis a = analyze_body("Meetings waste time. Long meetings waste more.");
  CHECK(a.pos[0] == PosTag::kNoun);
  CHECK(a.lemmas[0] == "meeting");
}

TEST_CASE("title case in a heading is not taken for names", "[pos]") {
  Article article;
  article.title = "Ten Tricks to Appear Smart During Meetings";
  const Analysis a = analyze_text(article, *shared_lexicon());
  CHECK(tagged(a) == "Ten/NUM Tricks/NOUN to/PART Appear/VERB Smart/ADJ During/ADP Meetings/NOUN");
  CHECK(a.zones.front() == Zone::kTitle);
}

TEST_CASE("a lone typographic apostrophe goes through the tagger", "[pos]") {
  const Analysis a = analyze_body("’");
  REQUIRE(a.tokens.size() == 1);
  CHECK(a.pos[0] == PosTag::kPunct);
  CHECK(a.phrases.empty());
}
