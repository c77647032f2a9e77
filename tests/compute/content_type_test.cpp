// HTML detection by header and by first bytes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <string_view>

#include "tagwire/compute/content_type.h"

using namespace tagwire::compute;

TEST_CASE("HTML and XHTML media types are HTML whatever their parameters or case", "[content-type]") {
  CHECK(is_html_content_type("text/html"));
  CHECK(is_html_content_type("text/html; charset=ISO-8859-1"));
  CHECK(is_html_content_type(" Text/HTML ;charset=utf-8"));
  CHECK(is_html_content_type("application/xhtml+xml"));
}

TEST_CASE("other media types are not HTML", "[content-type]") {
  CHECK_FALSE(is_html_content_type("application/pdf"));
  CHECK_FALSE(is_html_content_type("text/plain; charset=utf-8"));
  CHECK_FALSE(is_html_content_type("text/htmlx"));
  CHECK_FALSE(is_html_content_type(""));
}

TEST_CASE("a body starting with '<' after white space or a byte-order mark sniffs as HTML", "[content-type]") {
  CHECK(sniff_html("<html>") == HtmlSniff::kHtml);
  CHECK(sniff_html(" \r\n\t<!doctype html>") == HtmlSniff::kHtml);
  CHECK(sniff_html("\xEF\xBB\xBF<html>") == HtmlSniff::kHtml);
}

TEST_CASE("a body starting with anything else sniffs as not HTML", "[content-type]") {
  CHECK(sniff_html("%PDF-1.4") == HtmlSniff::kNotHtml);
  CHECK(sniff_html("  {\"json\": true}") == HtmlSniff::kNotHtml);
}

TEST_CASE("white space or a partial byte-order mark leaves the sniff undecided", "[content-type]") {
  CHECK(sniff_html("") == HtmlSniff::kUndecided);
  CHECK(sniff_html("  \n") == HtmlSniff::kUndecided);
  CHECK(sniff_html("\xEF\xBB") == HtmlSniff::kUndecided);
}

namespace {

// The whole-body rule, written out independently of HtmlSniffer.
HtmlSniff reference_sniff(std::string_view body) {
  const std::string_view mark = "\xEF\xBB\xBF";
  const auto mark_bytes = std::min(body.size(), mark.size());
  if (body.substr(0, mark_bytes) == mark.substr(0, mark_bytes)) {
    if (mark_bytes < mark.size()) return HtmlSniff::kUndecided;
    body.remove_prefix(mark.size());
  }
  const auto first = body.find_first_not_of(" \t\r\n\f");
  if (first == std::string_view::npos) return HtmlSniff::kUndecided;
  return body[first] == '<' ? HtmlSniff::kHtml : HtmlSniff::kNotHtml;
}

}  // namespace

TEST_CASE("a sniffer fed a body in chunks agrees with sniffing the whole body at every split", "[content-type]") {
  for (const std::string body : {"", "<html>", "  \n<p>", "\xEF\xBB\xBF<html>", "\xEF\xBB\xBF  <html>", "\xEF\xBB",
                                 "\xEF<html>", "\xEF\xBB<", "\xEF\xBB\xBF\xEF\xBB\xBF<", "  %PDF", "\f\t\r\n",
                                 "\xEF\xBB\xBF", " \xEF\xBB\xBF<", "{\"json\": 1}"}) {
    INFO("body of " << body.size() << " bytes: " << body);
    for (std::size_t first = 0; first <= body.size(); ++first) {
      for (std::size_t second = first; second <= body.size(); ++second) {
        HtmlSniffer sniffer;
        sniffer.add(std::string_view(body).substr(0, first));
        CHECK(sniffer.verdict() == reference_sniff(body.substr(0, first)));
        sniffer.add(std::string_view(body).substr(first, second - first));
        sniffer.add(std::string_view(body).substr(second));
        CHECK(sniffer.verdict() == reference_sniff(body));
      }
    }
  }
}

TEST_CASE("a sniffer looks at each byte of a long white-space start once", "[content-type]") {
  // 5 MB of white space in 16 KB chunks: rescanning the body so far on every
  // chunk would examine about 800 MB.
  const std::string chunk(16 * 1024, ' ');
  HtmlSniffer sniffer;
  std::size_t fed = 0;
  for (int i = 0; i < 320; ++i) {
    REQUIRE(sniffer.add(chunk) == HtmlSniff::kUndecided);
    fed += chunk.size();
  }
  CHECK(sniffer.examined() == fed);
  CHECK(sniffer.add("  <html>" + chunk) == HtmlSniff::kHtml);
  CHECK(sniffer.examined() == fed + 3);
  CHECK(sniffer.add(chunk) == HtmlSniff::kHtml);  // decided: looks at nothing more
  CHECK(sniffer.examined() == fed + 3);
}
