// extract_article over the shared corpus of real pages: every page gives a
// title, a substantial body free of the page chrome, and exactly the tags the
// page declares (read by hand from each page's HTML).
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "files.h"
#include "tagwire/engine/extractor.h"

using tagwire::engine::Article;
using tagwire::engine::extract_article;
using tagwire::engine::HtmlDocument;
using tagwire::testing::read_file;

namespace {

namespace fs = std::filesystem;

const fs::path kPagesDir = fs::path(TAGWIRE_SHARED_DIR) / "corpus" / "pages";

struct ExpectedPage {
  std::vector<std::string> tags;
  // Text of this page's own chrome (author box, follow prompts) that must
  // not reach the body.
  std::vector<std::string> absent_from_body;
};

// Tags as the page's links under /tag/ name them; pages without tag links
// declare none (none of them has meta keywords or article:tag).
const std::map<std::string, ExpectedPage>& expected_pages() {
  static const std::map<std::string, ExpectedPage> pages = {
      {"10-tricks-to-appear-smart-during-meetings-27b489a39d1a.html",
       {{"humor", "business", "tech"},
        {"Former Googler / Writer & Comedian", "Funny Because It\xE2\x80\x99s True", "Jun 30, 2014"}}},
      {"an-honest-guide-to-the-san-francisco-startup-life-6df13d23689.html",
       {{"humor", "startup", "satire"}, {}}},
      {"baby-s-first-reaction-2103348eccdd.html", {{"reactjs", "react", "javascript"}, {}}},
      {"building-backbone-apps-using-flux-f656fd8a873a.html", {{}, {}}},
      {"express-vs-flask-vs-go-acc0879c2122.html", {{}, {}}},
      {"farewell-node-js-4ba9e7f3e52b.html", {{}, {"Code. Photography. Art.", "Jul 4, 2014"}}},
      {"give-it-five-minutes-b8115d6f2361.html", {{"startup", "criticism", "feedback"}, {}}},
      {"harnessing-vector-awesomeness-in-sketch-3c9621408138.html", {{"sketch", "design", "tech"}, {}}},
      {"how-i-hacked-amazon-s-5-wifi-button-to-track-baby-data-794214b0bdd8.html",
       {{"hacking", "makers", "development"}, {}}},
      {"how-not-to-make-your-engineer-s-life-completely-terrible-292a6d5d134c.html",
       {{"design", "product design"}, {}}},
      {"how-to-use-es6-for-isomorphic-javascript-apps-2a9c3abe5ea2.html",
       {{"javascript", "es6", "babeljs"}, {}}},
      {"https-the-end-of-an-era-c106acded474.html", {{}, {}}},
      {"javascript-application-architecture-on-the-road-to-2015-d8125811101b.html", {{}, {}}},
      {"javascript-training-sucks-284b53666245.html",
       {{},
        {"Compassionate entrepreneur on a mission", "To submit, tweet your proposal to",
         "@JS_Cheerleader"}}},
      {"learning-to-make-a-font-the-hard-way-5c5c7045e92f.html",
       {{"typography", "type", "product design"}, {}}},
      {"making-web-pages-go-fast-8fb8e86ed0ff.html",
       {{"startup", "blogging", "web development"}, {"Please follow me for more", "@bn2b"}}},
      {"react-s-jsx-the-other-side-of-the-coin-2ace7ab62b98.html", {{"react", "javascript", "jsx"}, {}}},
      {"the-dangerous-and-colorful-lie-in-your-visual-identity-document-db3c3ad27db5.html",
       {{"design", "branding", "marketing"}, {}}},
      {"the-secret-of-san-francisco-fonts-4b5295d9a745.html", {{"apple", "typography", "ios"}, {}}},
      {"the-state-of-node-in-the-enterprise-e513fbc0bdc.html", {{}, {}}},
      {"the-two-pillars-of-javascript-pt-2-functional-programming-a63aa53a41a4.html",
       {{"javascript", "functional programming"}, {}}},
      {"understanding-css-selector-specificity-a02238a02a59.html", {{"css", "web development"}, {}}},
      {"why-im-staying-with-node-e6fd3be62e34.html", {{}, {}}},
      {"why-invest-in-tools-3240ce289930.html",
       {{"facebook", "engineering", "engineering mangement"},
        {"Making things for Facebook Design and Eng since 2008", "www.leebyron.com"}}},
  };
  return pages;
}

// The chrome every page of this corpus wraps around its article: the top
// bar, the byline box, the follow prompts and the reading-time badge.
const std::vector<std::string> kSharedChrome = {
    "Sign in / Sign up", "Homepage", "Blocked", "Unblock", "Following", "min read",
    "Don\xE2\x80\x99t miss"};

std::size_t word_count(const std::string& text) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    bool blank = c == ' ' || c == '\n';
    if (!blank && !in_word) ++words;
    in_word = !blank;
  }
  return words;
}

}  // namespace

TEST_CASE("every corpus page gives a title, a clean body and exactly its declared tags", "[extract]") {
  if (!fs::is_directory(kPagesDir)) {
    WARN("corpus not found at " << kPagesDir.string() << "; corpus extraction checks skipped");
    SUCCEED("skipped: no corpus");
    return;
  }
  std::size_t pages_seen = 0;
  for (const auto& entry : fs::directory_iterator(kPagesDir)) {
    if (entry.path().extension() != ".html") continue;
    const std::string name = entry.path().filename().string();
    ++pages_seen;
    INFO("page " << name);
    auto expected = expected_pages().find(name);
    REQUIRE(expected != expected_pages().end());  // every page has its row in the table

    Article article = extract_article(HtmlDocument::parse(read_file(entry.path()), "text/html"));
    CHECK(article.charset == "utf-8");
    CHECK_FALSE(article.title.empty());
    CHECK(word_count(article.body) >= 200);
    CHECK(article.declared_tags == expected->second.tags);
    for (const std::string& chrome : kSharedChrome) CHECK(article.body.find(chrome) == std::string::npos);
    for (const std::string& own : expected->second.absent_from_body)
      CHECK(article.body.find(own) == std::string::npos);
  }
  CHECK(pages_seen == expected_pages().size());
}

TEST_CASE("a corpus page's body starts with its headline and keeps its paragraphs", "[extract]") {
  const fs::path page = kPagesDir / "give-it-five-minutes-b8115d6f2361.html";
  if (!fs::exists(page)) {
    WARN("corpus page " << page.string() << " not found; check skipped");
    SUCCEED("skipped: no corpus");
    return;
  }
  Article article = extract_article(HtmlDocument::parse(read_file(page), ""));
  CHECK(article.title == "Give it five minutes");
  CHECK(article.description.rfind("I used to be a hothead.", 0) == 0);
  CHECK(article.body.rfind(
            "Give it five minutes\nI used to be a hothead. Whenever anyone said anything, I\xE2\x80\x99"
            "d think of a way to disagree.",
            0) == 0);
  CHECK(article.body.find("\nThis was a big moment for me.\n") != std::string::npos);
  CHECK(article.body.size() > 3000);
}
