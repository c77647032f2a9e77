// The Engine facade: declared and inferred tags together, pages and plain texts.
#include <catch2/catch.hpp>

#include <random>
#include <thread>

#include "tagwire/common/tag_text.h"

#include "tagwire/engine/engine.h"
#include "text_lexicon_fixture.h"

using namespace tagwire::engine;
using tagwire::engine::testing::shared_lexicon;

namespace {

Article meetings_article() {
  Article a;
  a.title = "Ten Tricks to Appear Smart During Meetings";
  a.body =
      "Meetings fill the calendar of every engineer.\n"
      "Draw a Venn diagram on the whiteboard during meetings. A Venn diagram looks smart.\n"
      "Ask the presenter to go back a slide. Nod while the presenter talks about the roadmap.\n"
      "Write a quick meeting summary and share the summary with the team.";
  a.declared_tags = {"humor", "meeting", "business"};
  return a;
}

}  // namespace

TEST_CASE("declared tags come first in page order, then inferred ones without repeats", "[engine]") {
  const Engine engine(shared_lexicon());
  const TagResult r = engine.tag_article(meetings_article(), TagOptions{5});
  REQUIRE(r.tags.size() == 8);
  CHECK(r.title == "Ten Tricks to Appear Smart During Meetings");
  CHECK(r.tags[0].tag == "humor");
  CHECK(r.tags[1].tag == "meeting");
  CHECK(r.tags[2].tag == "business");
  for (size_t i = 0; i < 3; ++i) {
    CHECK(r.tags[i].source == TagSource::kDeclared);
    CHECK(r.tags[i].score == 1.0);
  }
  for (size_t i = 3; i < r.tags.size(); ++i) {
    CHECK(r.tags[i].source == TagSource::kInferred);
    CHECK(r.tags[i].tag != "meeting");
  }
}

TEST_CASE("the limit counts inferred tags only", "[engine]") {
  const Engine engine(shared_lexicon());
  CHECK(engine.tag_article(meetings_article(), TagOptions{0}).tags.size() == 3);
  CHECK(engine.tag_article(meetings_article(), TagOptions{2}).tags.size() == 5);
}

TEST_CASE("an HTML page is parsed, extracted and tagged", "[engine]") {
  const Engine engine(shared_lexicon());
  const std::string html =
      "<html><head><title>Venn diagrams</title><meta name=keywords content='Diagrams, Logic'></head>"
      "<body><article><p>A Venn diagram shows sets. Every Venn diagram has circles.</p>"
      "<p>Logicians draw a Venn diagram to compare sets of animals.</p></article></body></html>";
  const TagResult r = engine.tag_html(html, "text/html; charset=utf-8", TagOptions{3});
  REQUIRE(r.tags.size() >= 3);
  CHECK(r.title == "Venn diagrams");
  CHECK(r.tags[0].tag == "diagrams");
  CHECK(r.tags[1].tag == "logic");
  CHECK(r.tags[2].tag == "venn diagram");
}

TEST_CASE("keyphrases of a plain text are its best inferred tags", "[engine]") {
  const Engine engine(shared_lexicon());
  const auto k = engine.keyphrases("Wavelength services", "Wavelength services have been hyped for years. "
                                   "Carriers sell wavelength services over fiber optic networks.", 3);
  REQUIRE_FALSE(k.empty());
  CHECK(k.size() <= 3);
  CHECK(k.front() == "wavelength service");
}

TEST_CASE("keyphrases explain their ranking when asked, in the order returned", "[engine]") {
  const Engine engine(shared_lexicon());
  Explanation explain;
  const auto k = engine.keyphrases("Wavelength services", "Wavelength services have been hyped for years. "
                                   "Carriers sell wavelength services over fiber optic networks.", 3, &explain);
  REQUIRE_FALSE(k.empty());
  REQUIRE(explain.candidates.size() >= k.size());
  std::vector<std::string> kept;
  for (const CandidateFeatures& c : explain.candidates) {
    if (c.kept) kept.push_back(c.phrase);
  }
  CHECK(kept == k);
}

TEST_CASE("a run longer than any word is no tag, and no inferred tag is longer than a tag may be", "[engine]") {
  // A 100 KB "word" and a 317-byte run of six 51- to 53-letter words: this
  // page was tagged with the 100,000-byte run itself and with phrases of 165
  // and 212 bytes, which the API cannot look up (urls(tag) refuses tags over
  // kMaxTagBytes).
  std::string giant;
  while (giant.size() < 100'000) giant += "ab";
  std::string phrase;
  const char* const prefixes[] = {"thermo", "hydro", "electro", "magneto", "photo", "chrono"};
  for (size_t i = 0; i < 6; ++i) {
    if (!phrase.empty()) phrase += ' ';
    phrase += std::string(prefixes[i]) + "dynamicalquasistationaryoverfluxcompensator" + std::string(3, "xyz"[i % 3]);
  }
  REQUIRE(phrase.size() > 300);
  std::string page = "<html><head><title>Flux notes</title></head><body><article><p>" + giant + "</p><p>";
  for (int i = 0; i < 5; ++i) page += "The " + phrase + " matters. ";
  page += "Engineers test the " + phrase + " daily.</p></article></body></html>";
  const Engine engine(shared_lexicon());
  Explanation explain;
  const TagResult r = engine.tag_html(page, "text/html; charset=utf-8", TagOptions{10}, &explain);
  REQUIRE_FALSE(r.tags.empty());
  bool long_words_tagged = false;
  for (const Tag& t : r.tags) {
    INFO(t.tag.size() << " bytes: " << t.tag.substr(0, 80));
    CHECK(t.tag.size() <= tagwire::kMaxTagBytes);
    CHECK(t.tag.find("abab") == std::string::npos);
    long_words_tagged = long_words_tagged || t.tag.find("compensator") != std::string::npos;
  }
  CHECK(long_words_tagged);  // their phrases of up to three words still are tags
  for (const CandidateFeatures& c : explain.candidates) CHECK(c.phrase.size() <= tagwire::kMaxTagBytes);
}

TEST_CASE("a body of binary data served as HTML is not tagged, and says so", "[engine][binary]") {
  // It used to answer junk tags ("äkˆìuåféók", CJK from UTF-16), which the
  // worker sent to the API's index.
  std::mt19937 generator(7);
  std::string bytes(200'000, '\0');
  for (char& c : bytes) c = static_cast<char>(generator() & 0xFF);
  const Engine engine(shared_lexicon());
  for (const char* type : {"text/html", "text/html; charset=utf-8", "text/html; charset=utf-16"}) {
    INFO(type);
    Explanation explain;
    const TagResult r = engine.tag_html(bytes, type, TagOptions{}, &explain);
    CHECK(r.binary);
    CHECK(r.tags.empty());
    CHECK(r.title.empty());
    CHECK(explain.candidates.empty());
  }
  const TagResult page = engine.tag_html("<title>Bees</title><p>Bees make honey.</p>", "text/html", TagOptions{});
  CHECK_FALSE(page.binary);
  CHECK_FALSE(page.tags.empty());
}

TEST_CASE("one engine gives identical answers from several threads", "[engine]") {
  const Engine engine(shared_lexicon());
  const TagResult expected = engine.tag_article(meetings_article(), TagOptions{10});
  std::vector<TagResult> results(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = engine.tag_article(meetings_article(), TagOptions{10}); });
  }
  for (auto& t : threads) t.join();
  for (const TagResult& r : results) {
    REQUIRE(r.tags.size() == expected.tags.size());
    for (size_t i = 0; i < r.tags.size(); ++i) {
      CHECK(r.tags[i].tag == expected.tags[i].tag);
      CHECK(r.tags[i].score == expected.tags[i].score);
    }
  }
}
