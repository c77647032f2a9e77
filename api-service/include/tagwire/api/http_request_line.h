// The request line as httplib 0.11.4 can read it. RFC 3986 allows '?' and '='
// anywhere in a query, and the form encoding splits each parameter at its
// first '=': `GET /api/v1/tags?url=https://example.com/a?id=3` is what people
// type and what browsers send. httplib refuses a target with a second '?' (a
// 400 "malformed HTTP request") and keeps only what follows a parameter's last
// '=' ("3" as the url above). The connection loop rewrites each request line
// with this before httplib reads it.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace tagwire::api {

// `line` (a request line, without its line break) with, in its target's query,
// each '?' written "%3F" and each '=' after the first of its parameter written
// "%3D"; httplib decodes both back in the parameter's value. The method, the
// version and the path (before the first '?') are left as they are; so is a
// line with no target or no query. A '&' inside a value still separates
// parameters: only percent-encoding can keep it.
std::string escape_query_for_httplib(std::string_view line);

}  // namespace tagwire::api
