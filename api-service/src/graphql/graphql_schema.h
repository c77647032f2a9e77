// The API's GraphQL schema as data (the Query type's two leaf fields and their
// arguments), type-string helpers and graphql-js's "Did you mean" suggestions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tagwire/api/graphql.h"

namespace tagwire::api::graphql_detail {

struct ArgumentSpec {
  std::string_view name;
  std::string_view type;  // "String!", "Boolean", "Int"
  bool has_default = false;
};

struct FieldSpec {
  std::string_view name;
  FieldRequest::Kind kind;
  std::string_view type;  // the result type, for messages
  std::vector<ArgumentSpec> arguments;
};

inline constexpr std::string_view kQueryTypeName = "Query";

const std::vector<FieldSpec>& query_fields();
const FieldSpec* find_field(std::string_view name);
const ArgumentSpec* find_argument(const FieldSpec& field, std::string_view name);
bool is_known_type(std::string_view name);  // the input scalars a variable may have
std::vector<std::string_view> known_type_names();

// Type strings as printed: "[String!]!".
bool is_non_null(std::string_view type);
std::string_view nullable(std::string_view type);
bool is_list(std::string_view type);       // after stripping a trailing "!"
std::string_view list_item(std::string_view type);  // precondition: is_list(type)

// " Did you mean \"a\" or \"b\"?" for the options close to `input`, or "".
std::string did_you_mean(std::string_view input, const std::vector<std::string_view>& options);

}  // namespace tagwire::api::graphql_detail
