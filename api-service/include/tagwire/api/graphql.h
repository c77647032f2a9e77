// The GraphQL subset the API answers: parsing, validation and variable coercion of a
// query document into the list of top-level fields to resolve.
//
// Accepted: one or more operations (`query Name($v: Type = default) { ... }` or an
// anonymous `{ ... }`), whose selections are the leaf fields
//   tags(url: String!, refresh: Boolean = false): [String!]!
//   urls(tag: String!, limit: Int = 100, cursor: String): [String!]!
// with aliases, literal or variable arguments (strings with escapes and block strings,
// ints, booleans, null), comments, commas, any whitespace, a byte order mark.
// Refused, with graphql-js's messages and 1-based locations of the offending token:
// syntax errors, mutation/subscription, fragments, directives, unknown fields and
// arguments, wrongly typed or missing arguments, undefined/unused/duplicate variables,
// sub-selections on the leaf fields, conflicting response keys, more than
// kGraphqlMaxFields fields in the operation, an ambiguous or unknown operation name,
// and variable values that do not fit their declared type.
// Inputs over kGraphqlMaxQueryBytes, kGraphqlMaxTokens or nested deeper than
// kGraphqlMaxDepth are refused before any deep work, so garbage costs little.
//
// Thread safety: pure functions over their arguments, no shared state.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "tagwire/common/result.h"

namespace tagwire::api {

inline constexpr size_t kGraphqlMaxFields = 10;           // top-level fields per operation
inline constexpr size_t kGraphqlMaxQueryBytes = 64 * 1024;
inline constexpr size_t kGraphqlMaxVariablesBytes = 64 * 1024;
inline constexpr size_t kGraphqlMaxTokens = 10000;
inline constexpr int kGraphqlMaxDepth = 32;               // selection sets, lists, objects, types

struct GraphqlLocation {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in code points
  bool operator==(const GraphqlLocation&) const = default;
};

// One error in GraphQL's response shape. Errors about the request as a whole (size,
// variables that are not JSON, operation selection among several) may carry no
// location; every error about a token carries the token's location.
struct GraphqlError {
  std::string message;
  std::vector<GraphqlLocation> locations;
};

// One top-level field of the selected operation, with every argument resolved
// (variables substituted, defaults applied, null meaning "the default").
struct FieldRequest {
  enum class Kind { kTags, kUrls };
  std::string response_key;  // alias, or the field name
  Kind kind = Kind::kTags;
  std::string url;           // tags: as written by the client, not normalized
  bool refresh = false;      // tags
  std::string tag;           // urls
  int limit = 100;           // urls: 1..1000, checked here
  std::string cursor;        // urls: opaque, "" = first page
  GraphqlLocation location;  // the field (its alias when it has one)
};

using GraphqlParseResult = std::variant<std::vector<FieldRequest>, std::vector<GraphqlError>>;

// Parses and validates `query`, coerces `variables_json` (a JSON object; "" or "null"
// mean none) and selects the operation named `operation_name` ("" = the only one).
// Returns the selected operation's fields in query order, fields repeated with the
// same response key and arguments merged into the first; or every error found (a
// syntax error stops parsing, so it comes alone).
GraphqlParseResult parse_graphql(std::string_view query, std::string_view variables_json,
                                 std::string_view operation_name);

// The three members of a GraphQL request, as sent in an application/json POST body or
// in GET parameters.
struct GraphqlRequest {
  std::string query;
  std::string variables_json;  // "" when absent or null, else a JSON object's text
  std::string operation_name;  // "" when absent or null
};

// Extracts a GraphqlRequest from an application/json body. A body that is not JSON,
// not an object, lacks a string "query", or has "variables" that is not an object or
// null, or "operationName" that is not a string or null, gives a kBadRequest Error
// whose message says which.
Result<GraphqlRequest> parse_graphql_request_body(std::string_view body);

}  // namespace tagwire::api
