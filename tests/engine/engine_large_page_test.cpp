// Pages far longer than an article: tagged from their beginning, within the
// tagger's bound on analyzed text (kMaxAnalyzedBodyBytes).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "tagwire/engine/engine.h"
#include "text_lexicon_fixture.h"

using namespace tagwire::engine;
using tagwire::engine::testing::shared_lexicon;

namespace {

// Paragraphs of `sentence` until `bytes` of HTML are written.
std::string paragraphs(const std::string& sentence, size_t bytes) {
  std::string out;
  out.reserve(bytes + 1024);
  while (out.size() < bytes) {
    out += "<p>";
    for (int i = 0; i < 8; ++i) out += sentence + ' ';
    out += "</p>\n";
  }
  return out;
}

bool any_tag_contains(const TagResult& r, const std::string& word) {
  return std::any_of(r.tags.begin(), r.tags.end(),
                     [&](const Tag& t) { return t.tag.find(word) != std::string::npos; });
}

}  // namespace

TEST_CASE("a page of several megabytes is tagged from its beginning", "[engine][large]") {
  // 800 KB about lighthouses, then 2.4 MB about zeppelins: past the bound, so
  // the zeppelins, although they fill most of the page, are never read.
  const std::string page = "<html><head><title>Notes</title></head><body><article>" +
                           paragraphs("The keeper of the lighthouse trims the lantern wick at dusk.", 800'000) +
                           paragraphs("A zeppelin crossed the ocean with its gondola and propellers.", 2'400'000) +
                           "</article></body></html>";
  REQUIRE(page.size() > 3'000'000);
  const Engine engine(shared_lexicon());
  const TagResult r = engine.tag_html(page, "text/html", TagOptions{});
  REQUIRE_FALSE(r.tags.empty());
  CHECK(any_tag_contains(r, "lighthouse"));
  CHECK_FALSE(any_tag_contains(r, "zeppelin"));
  CHECK_FALSE(any_tag_contains(r, "gondola"));
}

TEST_CASE("the analyzed body stops at the bound on a whole word", "[tagger][large]") {
  Article article;
  article.title = "Greek letters";
  while (article.body.size() < 2 * kMaxAnalyzedBodyBytes) article.body += "alpha beta gamma ";
  const Analysis a = analyze_text(article, *shared_lexicon());
  REQUIRE_FALSE(a.tokens.empty());
  const Token& last = a.tokens.back();
  CHECK(a.zones.back() == Zone::kBody);
  CHECK(last.offset + last.text.size() <= kMaxAnalyzedBodyBytes);
  CHECK(last.offset + last.text.size() > kMaxAnalyzedBodyBytes - 20);
  size_t split_words = 0;
  for (size_t i = 0; i < a.tokens.size(); ++i) {
    const std::string& w = a.tokens[i].lower;
    if (a.zones[i] == Zone::kBody && w != "alpha" && w != "beta" && w != "gamma") ++split_words;
  }
  CHECK(split_words == 0);
}

TEST_CASE("a body without whitespace near the bound is cut on a character boundary, not dropped",
          "[tagger][large]") {
  // Chinese and Japanese are written without spaces. The body used to be cut
  // at the last whitespace however far back: all of it was dropped when the
  // first 600 KB held none, all but "ab" when that was the only word before.
  for (const std::string lead : {"", "x", "ab\n"}) {  // each byte offset of a 3-byte character at the bound
    INFO("lead: " << lead);
    Article article;
    article.title = "Notes";
    article.body = lead;
    while (article.body.size() < kMaxAnalyzedBodyBytes + 10'000) article.body += "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x80\x82";  // 日本語。
    const Analysis a = analyze_text(article, *shared_lexicon());
    REQUIRE(a.zones.back() == Zone::kBody);
    const Token& last = a.tokens.back();
    CHECK(last.offset + last.text.size() <= kMaxAnalyzedBodyBytes);
    CHECK(last.offset + last.text.size() > kMaxAnalyzedBodyBytes - 4);
    CHECK(article.body.compare(last.offset, last.text.size(), last.text) == 0);  // whole characters only
  }
}
