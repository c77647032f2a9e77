// HtmlDocument::parse: charset choice, decoding, recovery from broken markup.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "tagwire/engine/extractor.h"
#include "tagwire/engine/html_document.h"

using tagwire::engine::extract_article;
using tagwire::engine::HtmlDocument;

namespace {

std::string body_of(std::string_view html, std::string_view content_type = "") {
  return extract_article(HtmlDocument::parse(html, content_type)).body;
}

// "café" and a no-break space written as Latin-1 bytes.
const std::string kLatin1Cafe = "<p>caf\xE9 cr\xE8me\xA0" "br\xFBl\xE9" "e</p>";

// ASCII text as UTF-16 code units, little- or big-endian, without a byte order mark.
std::string ascii_as_utf16(std::string_view ascii, bool little_endian) {
  std::string out;
  for (char c : ascii) {
    out += little_endian ? c : '\0';
    out += little_endian ? '\0' : c;
  }
  return out;
}

// `bytes` pseudo-random bytes, the same on every run.
std::string random_bytes(std::size_t bytes, unsigned seed = 1) {
  std::mt19937 generator(seed);
  std::string out(bytes, '\0');
  for (char& c : out) c = static_cast<char>(generator() & 0xFF);
  return out;
}

}  // namespace

TEST_CASE("entities are decoded to UTF-8", "[html]") {
  CHECK(body_of("<p>Fish &amp; chips &lt;3 &eacute;t&eacute; &#8212; &#x263A; &nbsp;end</p>") ==
        "Fish & chips <3 \xC3\xA9t\xC3\xA9 \xE2\x80\x94 \xE2\x98\xBA end");
}

TEST_CASE("a charset in the Content-Type header decodes Latin-1 bytes", "[html]") {
  HtmlDocument doc = HtmlDocument::parse(kLatin1Cafe, "text/html; charset=ISO-8859-1");
  CHECK(doc.charset() == "windows-1252");
  CHECK(extract_article(doc).body == "caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e");
}

TEST_CASE("a meta charset decodes Latin-1 bytes when the header has none", "[html]") {
  std::string page = "<html><head><meta charset=\"latin1\"></head><body>" + kLatin1Cafe + "</body></html>";
  HtmlDocument doc = HtmlDocument::parse(page, "text/html");
  CHECK(doc.charset() == "windows-1252");
  CHECK(extract_article(doc).body == "caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e");
}

TEST_CASE("an http-equiv content-type meta names the charset too", "[html]") {
  std::string page =
      "<head><meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'></head>" + kLatin1Cafe;
  HtmlDocument doc = HtmlDocument::parse(page, "");
  CHECK(doc.charset() == "windows-1252");
  CHECK(extract_article(doc).body == "caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e");
}

TEST_CASE("a meta naming UTF-16 is read as UTF-8, since it was found by reading ASCII", "[html]") {
  for (const char* label : {"utf-16", "UTF-16LE", "utf-16be"}) {
    INFO(label);
    const std::string page = std::string("<head><meta charset=\"") + label + "\"></head><p>caf\xC3\xA9</p>";
    HtmlDocument doc = HtmlDocument::parse(page, "text/html");
    CHECK(doc.charset() == "utf-8");
    CHECK(extract_article(doc).body == "caf\xC3\xA9");
  }
  const std::string http_equiv =
      "<head><meta http-equiv='Content-Type' content='text/html; charset=utf-16'></head><p>caf\xC3\xA9</p>";
  CHECK(HtmlDocument::parse(http_equiv, "").charset() == "utf-8");
}

TEST_CASE("a meta naming x-user-defined is read as windows-1252", "[html]") {
  const std::string page = "<head><meta charset=\"x-user-defined\"></head>" + kLatin1Cafe;
  HtmlDocument doc = HtmlDocument::parse(page, "text/html");
  CHECK(doc.charset() == "windows-1252");
  CHECK(extract_article(doc).body == "caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e");
}

TEST_CASE("a UTF-16 charset in the Content-Type header is obeyed", "[html]") {
  const std::string ascii = "<p>hello</p>";
  std::string utf16le;
  for (char c : ascii) {
    utf16le += c;
    utf16le += '\0';
  }
  HtmlDocument doc = HtmlDocument::parse(utf16le, "text/html; charset=utf-16le");
  CHECK(doc.charset() == "utf-16le");
  CHECK(extract_article(doc).body == "hello");
}

TEST_CASE("the header charset wins over the page's meta charset", "[html]") {
  std::string page = "<head><meta charset=\"iso-8859-1\"></head><p>caf\xC3\xA9</p>";
  HtmlDocument doc = HtmlDocument::parse(page, "text/html;charset=\"utf-8\"");
  CHECK(doc.charset() == "utf-8");
  CHECK(extract_article(doc).body == "caf\xC3\xA9");
}

TEST_CASE("bytes that are not UTF-8 and declare nothing are read as windows-1252", "[html]") {
  // 0x93/0x94 are curly quotes in windows-1252; 0x9D is undefined there and
  // must not stop the decoding of what follows.
  HtmlDocument doc = HtmlDocument::parse("<p>\x93quoted\x94 caf\xE9 \x9D still here</p>", "");
  CHECK(doc.charset() == "windows-1252");
  CHECK(extract_article(doc).body ==
        "\xE2\x80\x9Cquoted\xE2\x80\x9D caf\xC3\xA9 \xC2\x9D still here");
}

TEST_CASE("valid UTF-8 without any declaration is read as UTF-8", "[html]") {
  HtmlDocument doc = HtmlDocument::parse("<p>na\xC3\xAFve \xE2\x80\x94 ok</p>", "");
  CHECK(doc.charset() == "utf-8");
  CHECK(extract_article(doc).body == "na\xC3\xAFve \xE2\x80\x94 ok");
}

TEST_CASE("invalid bytes in a declared UTF-8 page become replacement characters", "[html]") {
  HtmlDocument doc = HtmlDocument::parse("<p>ab\xFF" "cd caf\xC3\xA9</p>", "text/html; charset=utf-8");
  CHECK(doc.charset() == "utf-8");
  CHECK(extract_article(doc).body == "ab\xEF\xBF\xBD" "cd caf\xC3\xA9");
}

TEST_CASE("a UTF-8 byte order mark is honoured and not part of the text", "[html]") {
  HtmlDocument doc = HtmlDocument::parse("\xEF\xBB\xBF<p>caf\xC3\xA9</p>", "");
  CHECK(doc.charset() == "utf-8");
  CHECK(extract_article(doc).body == "caf\xC3\xA9");
}

TEST_CASE("a byte order mark wins over the Content-Type charset", "[html]") {
  HtmlDocument utf8 = HtmlDocument::parse("\xEF\xBB\xBF<p>caf\xC3\xA9</p>", "text/html; charset=ISO-8859-1");
  CHECK(utf8.charset() == "utf-8");
  CHECK(extract_article(utf8).body == "caf\xC3\xA9");

  HtmlDocument le =
      HtmlDocument::parse("\xFF\xFE" + ascii_as_utf16("<p>hello</p>", true), "text/html; charset=utf-8");
  CHECK(le.charset() == "utf-16le");
  CHECK(extract_article(le).body == "hello");

  HtmlDocument be =
      HtmlDocument::parse("\xFE\xFF" + ascii_as_utf16("<p>hello</p>", false), "text/html; charset=windows-1252");
  CHECK(be.charset() == "utf-16be");
  CHECK(extract_article(be).body == "hello");
}

TEST_CASE("a byte order mark wins over the page's meta charset", "[html]") {
  HtmlDocument doc =
      HtmlDocument::parse("\xEF\xBB\xBF<head><meta charset=\"latin1\"></head><p>caf\xC3\xA9</p>", "");
  CHECK(doc.charset() == "utf-8");
  CHECK(extract_article(doc).body == "caf\xC3\xA9");
}

TEST_CASE("a meta naming UTF-32 is ignored, as the Encoding Standard has no such label", "[html]") {
  for (const char* label : {"utf-32", "UTF-32LE", "utf-32be", "ucs-4", "iso-10646-ucs-4"}) {
    INFO(label);
    const std::string utf8_page = std::string("<head><meta charset=\"") + label + "\"></head><p>caf\xC3\xA9</p>";
    HtmlDocument utf8 = HtmlDocument::parse(utf8_page, "text/html");
    CHECK(utf8.charset() == "utf-8");
    CHECK(extract_article(utf8).body == "caf\xC3\xA9");

    const std::string latin1_page = std::string("<head><meta charset=\"") + label + "\"></head>" + kLatin1Cafe;
    CHECK(HtmlDocument::parse(latin1_page, "text/html").charset() == "windows-1252");
  }
  const std::string http_equiv =
      "<head><meta http-equiv='Content-Type' content='text/html; charset=utf-32'></head><p>caf\xC3\xA9</p>";
  CHECK(HtmlDocument::parse(http_equiv, "").charset() == "utf-8");
}

TEST_CASE("a meta with an unknown label gives way to a later meta that names a known one", "[html]") {
  const std::string page = "<head><meta charset=\"utf-32\"><meta charset=\"latin1\"></head>" + kLatin1Cafe;
  HtmlDocument doc = HtmlDocument::parse(page, "text/html");
  CHECK(doc.charset() == "windows-1252");
  CHECK(extract_article(doc).body == "caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e");
}

TEST_CASE("a UTF-32 or unknown Content-Type charset is ignored and the page's meta decides", "[html]") {
  // 0xA4 is the euro sign in ISO-8859-15 and a currency sign in windows-1252,
  // what the bytes alone would give.
  const std::string page = "<head><meta charset=\"iso-8859-15\"></head><p>5 \xA4</p>";
  for (const char* content_type : {"text/html; charset=utf-32", "text/html; charset=UTF-32BE",
                                   "text/html; charset=ucs-4", "text/html; charset=x-no-such-charset"}) {
    INFO(content_type);
    HtmlDocument doc = HtmlDocument::parse(page, content_type);
    CHECK(doc.charset() == "iso-8859-15");
    CHECK(extract_article(doc).body == "5 \xE2\x82\xAC");
  }
  CHECK(HtmlDocument::parse("<p>caf\xC3\xA9</p>", "text/html; charset=utf-32le").charset() == "utf-8");
}

TEST_CASE("an unknown charset label falls back to what the bytes are", "[html]") {
  HtmlDocument doc = HtmlDocument::parse("<p>caf\xE9</p>", "text/html; charset=x-no-such-charset");
  CHECK(doc.charset() == "windows-1252");
  CHECK(extract_article(doc).body == "caf\xC3\xA9");
}

TEST_CASE("a label that does not read ASCII as ASCII is ignored: UTF-7, EBCDIC", "[html]") {
  // In UTF-7 "+A" starts base64 and in EBCDIC no letter is where ASCII has it:
  // either would turn this ASCII page into other text. No browser decodes them.
  const std::string page = "<head><title>Q+A about bees</title></head><p>Q+A about bees</p>";
  for (const char* label : {"utf-7", "UTF7", "ibm037", "cp500", "ebcdic-us"}) {
    INFO(label);
    HtmlDocument from_meta = HtmlDocument::parse(std::string("<meta charset=\"") + label + "\">" + page, "text/html");
    CHECK(from_meta.charset() == "utf-8");
    CHECK(extract_article(from_meta).body == "Q+A about bees");
    HtmlDocument from_header = HtmlDocument::parse(page, std::string("text/html; charset=") + label);
    CHECK(from_header.charset() == "utf-8");
    CHECK(extract_article(from_header).title == "Q+A about bees");
  }
}

TEST_CASE("multi-byte charsets that keep ASCII are still obeyed", "[html]") {
  // "日本" in each encoding.
  CHECK(body_of("<p>\x93\xFA\x96\x7B</p>", "text/html; charset=shift_jis") == "\xE6\x97\xA5\xE6\x9C\xAC");
  CHECK(body_of("<p>\xC6\xFC\xCB\xDC</p>", "text/html; charset=euc-jp") == "\xE6\x97\xA5\xE6\x9C\xAC");
  CHECK(body_of("<p>\xC8\xD5\xB1\xBE</p>", "text/html; charset=gbk") == "\xE6\x97\xA5\xE6\x9C\xAC");
}

TEST_CASE("a byte a legacy charset cannot decode becomes U+FFFD and the text after it is kept", "[html]") {
  // 0xFF is no character in Shift_JIS; libxml2's own converter stopped the
  // whole parse at it and every later byte of the page was lost.
  const std::string page = "<p>\x93\xFA\x96\x7B</p><p>bad \xFF byte</p><p>\x93\xFA\x96\x7B after</p>";
  HtmlDocument doc = HtmlDocument::parse(page, "text/html; charset=shift_jis");
  CHECK(doc.charset() == "shift_jis");
  CHECK(extract_article(doc).body ==
        "\xE6\x97\xA5\xE6\x9C\xAC\nbad \xEF\xBF\xBD byte\n\xE6\x97\xA5\xE6\x9C\xAC after");
}

TEST_CASE("a label of the Encoding Standard iconv does not know decodes too, bad bytes as U+FFFD", "[html]") {
  // ks_c_5601-1987, what Korean pages often declare, is not a glibc iconv
  // name. "한국" in it, then a lead byte without its trail byte.
  const std::string page = "<head><meta charset='ks_c_5601-1987'></head><p>\xC7\xD1\xB1\xB9 \xC7 after</p>";
  HtmlDocument doc = HtmlDocument::parse(page, "text/html");
  CHECK(doc.charset() == "ks_c_5601-1987");
  CHECK(extract_article(doc).body == "\xED\x95\x9C\xEA\xB5\xAD \xEF\xBF\xBD after");
}

TEST_CASE("an unpaired surrogate in UTF-16 becomes one U+FFFD and the text after it stays aligned", "[html]") {
  for (const bool little_endian : {true, false}) {
    INFO(little_endian);
    const std::string lone_surrogate = little_endian ? std::string("\x00\xD8", 2) : std::string("\xD8\x00", 2);
    const std::string page = ascii_as_utf16("<p>before ", little_endian) + lone_surrogate +
                             ascii_as_utf16(" after</p>", little_endian);
    HtmlDocument doc = HtmlDocument::parse(page, little_endian ? "text/html; charset=utf-16le"
                                                               : "text/html; charset=utf-16be");
    CHECK(extract_article(doc).body == "before \xEF\xBF\xBD after");
  }
}

TEST_CASE("other charsets are decoded as declared", "[html]") {
  // 0xA4 is the euro sign in ISO-8859-15 and a currency sign in Latin-1.
  HtmlDocument doc = HtmlDocument::parse("<p>5 \xA4</p>", "text/html; charset=ISO-8859-15");
  CHECK(doc.charset() == "iso-8859-15");
  CHECK(extract_article(doc).body == "5 \xE2\x82\xAC");
}

TEST_CASE("deeply nested markup keeps the text after the nesting", "[html]") {
  std::string page = "<p>start</p>";
  for (int i = 0; i < 1000; ++i) page += "<div>";
  page += "<p>deep</p>";
  for (int i = 0; i < 1000; ++i) page += "</div>";
  page += "<p>after</p>";
  CHECK(body_of(page) == "start\ndeep\nafter");
}

TEST_CASE("broken markup is recovered", "[html]") {
  std::string page =
      "<html><body><article></div><div><p>First <b>bold <i>both</b> italic</i> paragraph"
      "<p>Second paragraph</span></div></div><ul><li>one<li>two</ul><p>Last";
  CHECK(body_of(page) == "First bold both italic paragraph\nSecond paragraph\none\ntwo\nLast");
}

TEST_CASE("empty and text-only input parse to an article without failing", "[html]") {
  CHECK(body_of("").empty());
  CHECK(HtmlDocument::parse("", "").charset() == "utf-8");
  CHECK(body_of("just some words") == "just some words");
}

TEST_CASE("random bytes served as HTML are binary data in any charset, and are not parsed", "[html][binary]") {
  // Before, they were parsed as text and tagged with junk: Latin-1 letters
  // read as windows-1252, CJK read as UTF-16.
  for (const char* type : {"text/html", "text/html; charset=utf-8", "text/html; charset=iso-8859-1",
                           "text/html; charset=shift_jis", "text/html; charset=utf-16le",
                           "text/html; charset=utf-16be"}) {
    for (const std::size_t size : {std::size_t{2000}, std::size_t{300'000}}) {
      INFO(type << ", " << size << " bytes");
      const HtmlDocument doc = HtmlDocument::parse(random_bytes(size), type);
      CHECK(doc.binary());
      CHECK(extract_article(doc).body.empty());
    }
  }
  // 200 bytes hold enough controls already (UTF-16 junk needs about 500).
  CHECK(HtmlDocument::parse(random_bytes(200), "text/html").binary());
  // A byte order mark does not make junk text.
  CHECK(HtmlDocument::parse("\xFF\xFE" + random_bytes(5000), "").binary());
  // A NUL-padded binary with text in it: an executable, a database file.
  std::string padded;
  while (padded.size() < 8000) padded += std::string(40, '\0') + "<p>some readable words here</p>";
  CHECK(HtmlDocument::parse(padded, "text/html").binary());
  // Mostly undecodable: bytes that are no UTF-8 read as UTF-8.
  std::string high = random_bytes(5000);
  for (char& c : high) c = static_cast<char>(c | 0x80);
  CHECK(HtmlDocument::parse(high, "text/html; charset=utf-8").binary());
}

TEST_CASE("text with a few stray controls or bytes of the wrong charset is no binary data", "[html][binary]") {
  std::string prose;
  while (prose.size() < 6000) {
    prose += "<p>Caf\xE9 cr\xE8me br\xFBl\xE9" "e \xE0 la fran\xE7" "aise, d\xE9j\xE0 vu.</p>\n";
  }
  // Latin-1 sent as UTF-8: a U+FFFD for each accented letter (1 in 8 here).
  const HtmlDocument mislabelled = HtmlDocument::parse(prose, "text/html; charset=utf-8");
  CHECK_FALSE(mislabelled.binary());
  CHECK_THAT(extract_article(mislabelled).body, Catch::StartsWith("Caf\xEF\xBF\xBD cr\xEF\xBF\xBDme"));
  // UTF-8 read as windows-1252: each 21-code-point paragraph of "весна, я"
  // holds two C1 controls (U+0081 of "с", U+008F of "я").
  std::string cyrillic;
  while (cyrillic.size() < 6000) cyrillic += "<p>\xD0\xB2\xD0\xB5\xD1\x81\xD0\xBD\xD0\xB0, \xD1\x8F</p>";
  CHECK_FALSE(HtmlDocument::parse(cyrillic, "text/html; charset=windows-1252").binary());
  // A stray NUL or vertical tab every 100 bytes (a form feed beside each,
  // which text may hold), and an escape every 10 (ANSI colours in a log shown
  // as HTML): the escape is no binary data byte, as ISO-2022-JP writes it.
  std::string stray;
  while (stray.size() < 6000) {
    stray += "<p>A line\x0C of text with a vertical tab\x0B, and then more words to read, as prose goes.</p>\n";
    stray += std::string("<p>A line\x0C of text with a NUL") + '\0' +
             " in it, and more words to read, as prose goes.</p>\n";
  }
  CHECK_FALSE(HtmlDocument::parse(stray, "text/html").binary());
  std::string colours;
  while (colours.size() < 6000) colours += "<pre>\x1B[31mred\x1B[0m</pre>\n";
  CHECK_FALSE(HtmlDocument::parse(colours, "text/html").binary());
  // A short page with one unpaired surrogate in UTF-16 stays text (see above).
  CHECK_FALSE(HtmlDocument::parse(ascii_as_utf16("<p>before ", true) + std::string("\x00\xD8", 2) +
                                      ascii_as_utf16(" after</p>", true),
                                  "text/html; charset=utf-16le")
                  .binary());
  // Real UTF-16 is text, and so is text in a script nobody mixes: ASCII read
  // as UTF-16 is CJK-like junk without a decoding error, and stays text.
  CHECK_FALSE(HtmlDocument::parse(ascii_as_utf16(prose.substr(0, 3000), true), "text/html; charset=utf-16le").binary());
  CHECK_FALSE(HtmlDocument::parse(prose.substr(0, 3000), "text/html; charset=utf-16le").binary());
  CHECK_FALSE(HtmlDocument::parse("", "").binary());
}

TEST_CASE("a parsed document can be moved", "[html]") {
  HtmlDocument first = HtmlDocument::parse("<title>Moved</title><p>text</p>", "");
  HtmlDocument second = std::move(first);
  CHECK(extract_article(second).title == "Moved");
  CHECK(second.charset() == "utf-8");
}
