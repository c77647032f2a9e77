// extract_article: title, description, and the choice and cleaning of the body.
#include <catch2/catch.hpp>

#include <string>

#include "tagwire/engine/extractor.h"

using tagwire::engine::Article;
using tagwire::engine::extract_article;
using tagwire::engine::HtmlDocument;

namespace {

Article extract(std::string_view html) { return extract_article(HtmlDocument::parse(html, "")); }

// A paragraph long enough (and with commas) to count as prose for the scorer.
std::string prose(std::string_view topic) {
  std::string p = "<p>";
  p += topic;
  p += " is described here at length, with commas, clauses, and enough words to read like a real "
       "paragraph of an article, not a menu.</p>";
  return p;
}

}  // namespace

TEST_CASE("og:title wins over the title element", "[extract]") {
  Article a = extract(
      "<head><title>Site | Page</title><meta property=\"og:title\" content=\" The  Page \"></head>");
  CHECK(a.title == "The Page");
}

TEST_CASE("the title element is used when there is no og:title", "[extract]") {
  CHECK(extract("<head><title>\n  Plain &amp; simple\n</title></head><p>x</p>").title == "Plain & simple");
}

TEST_CASE("meta description wins over og:description", "[extract]") {
  Article a = extract(
      "<head><meta property=\"og:description\" content=\"from og\">"
      "<meta name=\"Description\" content=\"from meta\"></head>");
  CHECK(a.description == "from meta");
}

TEST_CASE("og:description is used when there is no meta description", "[extract]") {
  CHECK(extract("<head><meta property=\"og:description\" content=\"from og\"></head>").description ==
        "from og");
}

TEST_CASE("a page without title or description leaves them empty", "[extract]") {
  Article a = extract("<p>only text</p>");
  CHECK(a.title.empty());
  CHECK(a.description.empty());
  CHECK(a.charset == "utf-8");
}

TEST_CASE("each block is one line and inline markup stays on its line", "[extract]") {
  Article a = extract(
      "<body><h1>Heading</h1><p>A <em>short</em>\n   paragraph.</p><blockquote>Quoted</blockquote>"
      "<p>Line one<br>line two</p><table><tr><td>cell a</td><td>cell b</td></tr>"
      "<tr><td>cell c</td></tr></table><pre>code line 1\ncode   line 2</pre></body>");
  CHECK(a.body ==
        "Heading\nA short paragraph.\nQuoted\nLine one\nline two\ncell a cell b\ncell c\n"
        "code line 1\ncode line 2");
}

TEST_CASE("script, style and other non-text elements are not in the body", "[extract]") {
  Article a = extract(
      "<body><script>var x = 1;</script><style>p{}</style><noscript>enable js</noscript>"
      "<p>Visible text.</p><template><p>template</p></template><svg><text>svg</text></svg>"
      "<form><label>Email</label><input></form><button>Click</button>"
      "<iframe>frame</iframe></body>");
  CHECK(a.body == "Visible text.");
}

TEST_CASE("navigation, header, footer and aside are not in the body", "[extract]") {
  Article a = extract(
      "<body><main><header>Site banner</header><nav><a href='/'>Home</a> About</nav>"
      "<div>" + prose("Gardening") + prose("Compost") + "</div>"
      "<aside>Related stuff</aside><div role='navigation'>Menu role</div>"
      "<footer>Copyright 2015</footer></main></body>");
  CHECK(a.body.find("Gardening is described") == 0);
  CHECK(a.body.find("Compost is described") != std::string::npos);
  for (const char* boilerplate : {"Site banner", "Home", "About", "Related", "Menu role", "Copyright"})
    CHECK(a.body.find(boilerplate) == std::string::npos);
}

TEST_CASE("comment threads are not in the body, whatever the theme names them", "[extract]") {
  // All inside one article, so only the comment-thread rule can remove them.
  Article a = extract(
      "<body><article>" + prose("Bread") + prose("Yeast") +
      "<div id='comments'><p>First comment, great post, thanks for writing it down for us all.</p></div>"
      "<section class='js-responsesWrapper'>Responses block</section>"
      "<ol class='commentList'><li>camel case comment</li></ol>"
      "<div id='disqus_thread'>disqus</div><div id='respond'>Leave a reply</div>"
      "<div class='commentary'>Commentary is prose and stays.</div></article></body>");
  CHECK(a.body.find("Bread is described") == 0);
  for (const char* thread : {"First comment", "Responses block", "camel case", "disqus", "Leave a reply"})
    CHECK(a.body.find(thread) == std::string::npos);
  CHECK(a.body.find("Commentary is prose and stays.") != std::string::npos);
}

TEST_CASE("hidden elements are not in the body", "[extract]") {
  Article a = extract(
      "<body><p>Shown.</p><p hidden>attr hidden</p><div aria-hidden=\"true\">aria hidden</div>"
      "<span style=\"color:red; DISPLAY : none !important\">styled away</span>"
      "<p style='visibility:hidden'>invisible</p><div aria-hidden='false'>Also shown.</div></body>");
  CHECK(a.body == "Shown.\nAlso shown.");
}

TEST_CASE("a link-dense block is dropped but prose with a few links stays", "[extract]") {
  Article a = extract(
      "<body><div>" + prose("Rivers") +
      "<p>Read about <a href='/x'>rivers</a> and lakes in this long sentence full of plain words.</p>"
      "<div class='more'>More: <a href='/a'>Some other story</a> <a href='/b'>Another story</a></div>"
      "<ul><li><a href='/c'>Link one</a></li><li><a href='/d'>Link two</a></li></ul>" +
      prose("Lakes") + "</div></body>");
  CHECK(a.body ==
        "Rivers is described here at length, with commas, clauses, and enough words to read like a "
        "real paragraph of an article, not a menu.\n"
        "Read about rivers and lakes in this long sentence full of plain words.\n"
        "Lakes is described here at length, with commas, clauses, and enough words to read like a "
        "real paragraph of an article, not a menu.");
}

TEST_CASE("an article element is preferred over other text on the page", "[extract]") {
  Article a = extract(
      "<body><div class='promo'>" + prose("Advertising") + "</div>"
      "<article><h1>Real title</h1>" + prose("The story") + prose("The ending") + "</article></body>");
  CHECK(a.body.find("Real title\nThe story is described") == 0);
  CHECK(a.body.find("Advertising") == std::string::npos);
}

TEST_CASE("a main landmark is preferred over other text on the page", "[extract]") {
  Article a = extract(
      "<body><div>" + prose("Sidebar teaser") + "</div><div role='main'>" + prose("Main story") +
      prose("More story") + "</div></body>");
  CHECK(a.body.find("Main story is described") == 0);
  CHECK(a.body.find("Sidebar teaser") == std::string::npos);
}

TEST_CASE("a tiny article card does not beat a much larger text block", "[extract]") {
  Article a = extract(
      "<body><article><p>Teaser card text that is short.</p></article><div class='content'>" +
      prose("One") + prose("Two") + prose("Three") + "</div></body>");
  CHECK(a.body.find("One is described") == 0);
  CHECK(a.body.find("Teaser card") == std::string::npos);
}

TEST_CASE("without article or main the most text-dense block is chosen", "[extract]") {
  Article a = extract(
      "<body><div id='top'><div class='menu'><a href='/1'>Home</a> <a href='/2'>News</a></div></div>"
      "<div id='wrap'><div class='sidebar'><p>Subscribe to the newsletter for weekly updates now.</p></div>"
      "<div class='story'>" + prose("Volcanoes") + prose("Lava") + prose("Ash") + "</div></div>"
      "<div class='bottom'><p>Some short closing line of the site template.</p></div></body>");
  CHECK(a.body.find("Volcanoes is described") == 0);
  CHECK(a.body.find("Ash is described") != std::string::npos);
  CHECK(a.body.find("Subscribe") == std::string::npos);
  CHECK(a.body.find("closing line") == std::string::npos);
  CHECK(a.body.find("Home") == std::string::npos);
}

TEST_CASE("a page wrapped in one form still has a body", "[extract]") {
  Article a = extract("<body><form id='page'><div>" + prose("Forms") + "</div></form></body>");
  CHECK(a.body.find("Forms is described") == 0);
}

TEST_CASE("a form wrapping the page is kept whatever scripts sit beside it, but two forms are not", "[extract]") {
  std::string scripts;
  for (int i = 0; i < 1'000; ++i) scripts += "<script></script><style></style>";
  CHECK(extract("<body>" + scripts + "<form>" + prose("Forms") + "</form>" + scripts + "</body>")
            .body.find("Forms is described") == 0);
  CHECK(extract("<body><form>" + prose("Forms") + "</form><form>" + prose("More") + "</form></body>").body.empty());
}

TEST_CASE("a title or description past its bound is cut on a character boundary", "[extract]") {
  std::string title;
  while (title.size() < 100'000) title += "caf\xC3\xA9 ";  // "café ": a two-byte letter crosses many cut points
  for (std::size_t pad = 0; pad < 6; ++pad) {  // each byte offset of the five-byte word at the bound
    const std::string padded = std::string(pad, 'x') + title;
    const Article a = extract("<head><title>" + padded + "</title><meta name=description content='" + padded + "'></head>");
    REQUIRE(a.title.size() <= tagwire::engine::kMaxTitleBytes);
    CHECK(a.title.size() > tagwire::engine::kMaxTitleBytes - 6);
    CHECK(a.title.back() != ' ');
    CHECK(padded.compare(0, a.title.size(), a.title) == 0);  // a prefix, so no sequence is split
    CHECK((static_cast<unsigned char>(padded[a.title.size()]) & 0xC0) != 0x80);
    REQUIRE(a.description.size() <= tagwire::engine::kMaxDescriptionBytes);
    CHECK(a.description.size() > tagwire::engine::kMaxDescriptionBytes - 6);
  }
}
