// Pages built to make one stage slow: every stage stays linear in its input
// (engine.h: O(n log n) or better).
//
// These cases have no structural sign of their cost in the public API (the
// bound on reading a tag link has one: extract_tags_test.cpp), so each input
// is sized so that the quadratic code it guards against takes over 20 s and
// the linear code under 0.1 s, and the check is a generous 5 s: a busy or
// sanitized build does not fail it, and the old code never passes it. The
// figures: `tests-engine '[hostile]'`, Release, on the 2-core build machine,
// before and after the fix.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "tagwire/engine/extractor.h"
#include "tagwire/engine/text.h"

using namespace tagwire::engine;

namespace {

constexpr double kBoundSeconds = 5.0;

template <typename Fn>
double seconds_of(Fn fn) {
  const auto start = std::chrono::steady_clock::now();
  fn();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("a body of many forms beside many scripts is surveyed in linear time", "[extract][hostile]") {
  // Each form directly in <body> used to scan all of body's children, twice
  // (survey and body writing): 20,000 + 20,000 took 6.8 s, these 40,000 + 40,000 28 s.
  std::string page = "<html><body>";
  for (int i = 0; i < 40'000; ++i) page += "<script></script>";
  for (int i = 0; i < 40'000; ++i) page += "<form></form>";
  Article article;
  const double seconds = seconds_of([&] { article = extract_article(HtmlDocument::parse(page, "")); });
  CHECK(article.body.empty());
  CHECK(seconds < kBoundSeconds);
}

TEST_CASE("a number of 200,000 digit groups is tokenized in linear time", "[tokenize][hostile]") {
  // Every comma used to rescan the number from its start: these 800 KB took 31 s.
  std::string text = "1";
  while (text.size() < 800'000) text += ",000";
  std::vector<Token> tokens;
  const double seconds = seconds_of([&] { tokens = tokenize(text); });
  REQUIRE(tokens.size() == 1);
  CHECK(tokens[0].kind == TokenKind::kNumber);
  CHECK(tokens[0].text.size() == text.size());
  CHECK(seconds < kBoundSeconds);
}
