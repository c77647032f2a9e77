// HTML detection by header and by first bytes.
#include <catch2/catch.hpp>

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
