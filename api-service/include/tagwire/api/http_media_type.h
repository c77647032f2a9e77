// The media type a request's Content-Type names, for the routes that take a
// body: GraphQL (application/json or application/graphql) and REST's
// POST /api/v1/tags (application/json). Any other type is a 415.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace tagwire::api {

// "type/subtype" in lower case, parameters and blanks dropped:
// "Application/JSON; charset=utf-8" -> "application/json". Empty for "".
std::string media_type_essence(std::string_view content_type);

}  // namespace tagwire::api
