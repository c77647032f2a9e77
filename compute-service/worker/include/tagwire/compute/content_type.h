// Deciding whether a response is HTML, from its Content-Type header or, when
// the header is absent, from its first bytes.
//
// Pure functions; thread-safe.
#pragma once

#include <string_view>

namespace tagwire::compute {

// True for "text/html" and "application/xhtml+xml", in any case, with or
// without parameters ("text/html; charset=ISO-8859-1").
bool is_html_content_type(std::string_view content_type);

enum class HtmlSniff { kHtml, kNotHtml, kUndecided };

// Judges a body without a Content-Type by its start: HTML when the first byte
// after an optional UTF-8 byte-order mark and white space is '<'. kUndecided
// while the bytes seen so far are only white space (or a partial mark), so a
// streaming caller can wait for more.
HtmlSniff sniff_html(std::string_view body_start);

}  // namespace tagwire::compute
