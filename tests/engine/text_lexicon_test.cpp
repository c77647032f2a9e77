// The WordNet lexicon: loading, lookups and morphy.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "text_lexicon_fixture.h"

using tagwire::engine::Lexicon;
using tagwire::engine::WordClass;
using tagwire::engine::testing::shared_lexicon;

TEST_CASE("morphy turns regular and irregular plurals into their singular", "[lexicon]") {
  const Lexicon& lex = *shared_lexicon();
  CHECK(lex.lemma("meetings", WordClass::kNoun) == "meeting");
  CHECK(lex.lemma("tricks", WordClass::kNoun) == "trick");
  CHECK(lex.lemma("children", WordClass::kNoun) == "child");
  CHECK(lex.lemma("analyses", WordClass::kNoun) == "analysis");
  CHECK(lex.lemma("boxes", WordClass::kNoun) == "box");
  CHECK(lex.lemma("libraries", WordClass::kNoun) == "library");
}

TEST_CASE("morphy finds verb and adjective base forms", "[lexicon]") {
  const Lexicon& lex = *shared_lexicon();
  CHECK(lex.lemma("ran", WordClass::kVerb) == "run");
  CHECK(lex.lemma("walked", WordClass::kVerb) == "walk");
  CHECK(lex.lemma("making", WordClass::kVerb) == "make");
  CHECK(lex.lemma("bigger", WordClass::kAdj) == "big");
  CHECK(lex.lemma("better", WordClass::kAdj) == "good");  // adj.exc comes first, as in WordNet
}

TEST_CASE("morphy gives nothing for a word WordNet does not know", "[lexicon]") {
  const Lexicon& lex = *shared_lexicon();
  CHECK(lex.base_forms("xqzzyplorb", WordClass::kNoun).empty());
  CHECK(lex.lemma("glass", WordClass::kNoun) == "glass");  // no "-ss" detachment
}

TEST_CASE("a lemma knows its parts of speech and multi-word lemmas use spaces", "[lexicon]") {
  const Lexicon& lex = *shared_lexicon();
  CHECK(lex.contains("dog", WordClass::kNoun));
  CHECK(lex.contains("dog", WordClass::kVerb));
  CHECK_FALSE(lex.contains("dog", WordClass::kAdv));
  CHECK(lex.contains("web site", WordClass::kNoun));
  CHECK(lex.find("the") == nullptr);
  CHECK(lex.size() > 140000);
}

TEST_CASE("tagged-corpus counts rank everyday words above specialized ones", "[lexicon]") {
  const Lexicon& lex = *shared_lexicon();
  REQUIRE(lex.find("time") != nullptr);
  REQUIRE(lex.find("sourdough") != nullptr);
  CHECK(lex.find("time")->tagged_total() > 100 * (1 + lex.find("sourdough")->tagged_total()));
  CHECK(lex.find("way")->tagged_total() > lex.find("meeting")->tagged_total());
}

TEST_CASE("loading from a folder without WordNet fails with not_found", "[lexicon]") {
  auto loaded = Lexicon::load("/nonexistent/wordnet");
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.error().kind == tagwire::ErrorKind::kNotFound);
  CHECK(loaded.error().message.find("/nonexistent/wordnet") != std::string::npos);
}

TEST_CASE("a folder with far more words than WordNet fails to load instead of filling the table", "[lexicon]") {
  // The table has a fixed size; before, a folder with too many words made
  // load() go on (and with more than 524,288, never end).
  const auto dir = std::filesystem::temp_directory_path() / ("tagwire-lexicon-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream noun(dir / "index.noun");
    for (int i = 0; i < 300000; ++i) noun << "word" << i << " n 1 0 1 0 00000000\n";
    for (const char* name : {"index.verb", "index.adj", "index.adv", "noun.exc", "verb.exc", "adj.exc", "adv.exc",
                             "cntlist.rev"}) {
      std::ofstream(dir / name).flush();
    }
  }
  auto loaded = Lexicon::load(dir.string());
  std::filesystem::remove_all(dir);
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.error().message.find("--wordnet-dir") != std::string::npos);
}
