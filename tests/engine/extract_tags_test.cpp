// Declared tags and normalize_tag.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tagwire/engine/extractor.h"

using tagwire::engine::extract_article;
using tagwire::engine::HtmlDocument;
using tagwire::engine::normalize_tag;
using Tags = std::vector<std::string>;

namespace {

Tags tags_of(std::string_view html) {
  return extract_article(HtmlDocument::parse(html, "")).declared_tags;
}

}  // namespace

TEST_CASE("normalize_tag lowercases, reads slug separators as spaces and collapses blanks", "[extract]") {
  CHECK(normalize_tag("web-development") == "web development");
  CHECK(normalize_tag("  Machine_Learning  ") == "machine learning");
  CHECK(normalize_tag("Node.JS") == "node.js");
  CHECK(normalize_tag("a --  b\t\nc") == "a b c");
  CHECK(normalize_tag("Caf\xC3\x89 \xC3\x80 LA CR\xC3\x88ME") == "caf\xC3\xA9 \xC3\xA0 la cr\xC3\xA8me");
  CHECK(normalize_tag("\xC5\x81\xC3\x93" "D\xC5\xB9") == "\xC5\x82\xC3\xB3" "d\xC5\xBA");  // ŁÓDŹ → łódź
  CHECK(normalize_tag("\xD0\x9C\xD0\x98\xD0\xA0") == "\xD0\xBC\xD0\xB8\xD1\x80");   // МИР → мир
  CHECK(normalize_tag("\xC3\x97") == "\xC3\x97");  // × has no case
  CHECK(normalize_tag("no\xC2\xA0" "break") == "no break");
  CHECK(normalize_tag(" - _ ").empty());
}

TEST_CASE("rel=tag links give their text as tags", "[extract]") {
  CHECK(tags_of("<p><a rel='tag' href='/topics/x'>Web-Development</a> <a rel='nofollow Tag'"
                " href='/y'>Go</a> <a rel='tagged' href='/z'>not this</a></p>") ==
        Tags{"web development", "go"});
}

TEST_CASE("a rel=tag link without text is named by its last path segment", "[extract]") {
  CHECK(tags_of("<a rel='tag' href='http://ex.com/wiki/Open_Source?x=1'><img src='i.png'></a>") ==
        Tags{"open source"});
}

TEST_CASE("links into a /tag/ or /tags/ path give their text or their slug", "[extract]") {
  CHECK(tags_of("<p><a href='https://medium.com/tag/product-design?source=post'>Product Design</a>"
                "<a href='/blog/tags/Functional_Programming/'></a>"
                "<a href='//cdn.ex.com/tag/caf%C3%A9+culture#top'> </a>"
                "<a href='/tags/'>All tags</a><a href='/tagged/x'>Tagged</a>"
                "<a href='/stage/tag'>no slug</a></p>") ==
        Tags{"product design", "functional programming", "caf\xC3\xA9 culture"});
}

TEST_CASE("meta keywords and article:tag give tags", "[extract]") {
  CHECK(tags_of("<head><meta name='keywords' content='JavaScript, Web-Development,, ,React'>"
                "<meta property='article:tag' content='Startups'>"
                "<meta property='article:tag' content='react'></head>") ==
        Tags{"javascript", "web development", "react", "startups"});
}

TEST_CASE("declared tags are unique and keep page order across sources", "[extract]") {
  CHECK(tags_of("<head><meta name='keywords' content='beta, alpha'></head><body>"
                "<a href='/tag/gamma'>Gamma</a><a rel='tag' href='/t/alpha'>ALPHA</a>"
                "<a href='/tag/delta'>#Delta</a></body>") ==
        Tags{"beta", "alpha", "gamma", "delta"});
}

TEST_CASE("tag links in navigation, sidebars, comments and page chrome are not declared", "[extract]") {
  CHECK(tags_of("<body><header><a href='/tag/site-header'>h</a></header>"
                "<nav><a href='/tag/menu'>Menu</a></nav>"
                "<aside><a href='/tag/cloud'>Cloud</a></aside>"
                "<div role='navigation'><a rel='tag' href='/x'>Role nav</a></div>"
                "<div id='comments'><a href='/tag/commenter'>c</a></div>"
                "<div hidden><a href='/tag/hidden'>hidden</a></div>"
                "<article><header><a href='/tag/in-article-header'>Kept</a></header><p>text</p>"
                "<footer><a href='/tag/article-footer'>Also kept</a></footer></article>"
                "<footer><a href='/tag/site-footer'>f</a></footer></body>") ==
        Tags{"kept", "also kept"});
}

TEST_CASE("a page declares at most kMaxDeclaredTags tags, the first ones in page order", "[extract]") {
  std::string keywords;
  for (int i = 0; i < 50'000; ++i) keywords += "keyword" + std::to_string(i) + ", keyword" + std::to_string(i) + ", ";
  std::string rel_links;
  for (int i = 0; i < 5'000; ++i) rel_links += "<a rel='tag' href='/t/x'>link" + std::to_string(i) + "</a>";
  const Tags tags = tags_of("<head><meta name='keywords' content='" + keywords + "'></head><body>" + rel_links + "</body>");
  REQUIRE(tags.size() == tagwire::engine::kMaxDeclaredTags);
  CHECK(tags.front() == "keyword0");
  CHECK(tags.back() == "keyword" + std::to_string(tagwire::engine::kMaxDeclaredTags - 1));
}

TEST_CASE("a declared tag longer than kMaxTagBytes is dropped", "[extract]") {
  const std::string longest(tagwire::kMaxTagBytes, 'a');
  CHECK(tags_of("<head><meta name='keywords' content='" + longest + "b, short, " + longest + "'></head>") ==
        Tags{"short", longest});
}

TEST_CASE("a tag link holding more markup than any tag's text is not read", "[extract]") {
  // The bound on what one link costs: 40,000 nested /tag/ links each read
  // their whole subtree, quadratic (34 s for 920 KB).
  std::string filler;
  for (int i = 0; i < 100; ++i) filler += "<b></b>";
  CHECK(tags_of("<p><a href='/tag/a'>Kept<b></b></a><a href='/tag/b'>" + filler + "Busy</a></p>") ==
        Tags{"kept"});
  CHECK(tags_of("<p><a rel='tag' href='/t/c'>" + std::string(2000, ' ') + "Spacious</a></p>").empty());
}

TEST_CASE("a slug that decodes to bytes that are not UTF-8 gives a UTF-8 tag without control characters",
          "[extract]") {
  // %E9 is é in Latin-1, not UTF-8; %00, %01, %7F and %C2%85 (NEL) are
  // control characters; %09 (tab) is whitespace.
  CHECK(tags_of("<a rel='tag' href='/tag/caf%E9%00x'></a>"
                "<a href='/tags/a%01b%7Fc%C2%85d'> </a>"
                "<a href='/tag/tab%09bed'></a>") ==
        Tags{"caf\xEF\xBF\xBDx", "abcd", "tab bed"});
}

TEST_CASE("declared tags from text and meta keep no control characters", "[extract]") {
  // libxml2 drops C0 controls itself but keeps DEL and the C1 controls.
  CHECK(tags_of("<head><meta name='keywords' content='one&#x85;two, three\xC2\x9F" "four'></head>"
                "<p><a href='/tag/x'>five&#127;six</a></p>") ==
        Tags{"onetwo", "threefour", "fivesix"});
}
