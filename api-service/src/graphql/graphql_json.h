// JSON helpers shared by the request body and variable parsing.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>

namespace tagwire::api::graphql_detail {

inline constexpr size_t kMaxJsonDepth = 64;

// True when `value` nests arrays/objects deeper than `max_depth`. Iterative, so it
// is safe on any document the iterative parser accepted; RapidJSON's Accept (used to
// print values) recurses and must only see documents that passed this check.
bool json_nested_deeper_than(const rapidjson::Value& value, size_t max_depth);

}  // namespace tagwire::api::graphql_detail
