// The syntax tree of a GraphQL query document, as far as the subset needs it, and
// its parser. Selections below the top level are checked for syntax and depth but not
// kept: the schema's fields are leaves, so a sub-selection only matters as an error.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "tagwire/api/graphql.h"

namespace tagwire::api::graphql_detail {

struct Value {
  enum class Kind { kVariable, kInt, kFloat, kString, kBoolean, kNull, kEnum, kList, kObject };
  Kind kind = Kind::kNull;
  std::string text;               // variable name, number as written, decoded string, name
  std::vector<Value> items;       // list items, or object field values
  std::vector<std::string> keys;  // object field names, parallel to items
  GraphqlLocation location;
};

struct Argument {
  std::string name;
  GraphqlLocation location;
  Value value;
};

struct Field {
  std::string alias;  // "" when none
  std::string name;
  GraphqlLocation location;
  std::vector<Argument> arguments;
  std::optional<GraphqlLocation> selection_set;  // where a (refused) sub-selection starts
  const std::string& response_key() const { return alias.empty() ? name : alias; }
};

struct VariableDefinition {
  std::string name;
  GraphqlLocation location;       // the `$`
  GraphqlLocation name_location;  // the name after `$`
  std::string type;               // as printed: "String!", "[Int]"
  GraphqlLocation type_location;  // the named type inside any list brackets
  std::string type_name;          // the named type: "String"
  std::optional<Value> default_value;
};

struct Operation {
  std::string type;  // "query", "mutation" or "subscription"
  std::string name;  // "" when anonymous
  GraphqlLocation location;
  GraphqlLocation name_location;
  std::vector<VariableDefinition> variables;
  std::vector<Field> fields;
};

struct Document {
  std::vector<Operation> operations;
};

// Parses a whole document; the first syntax error ends parsing and is returned alone.
std::variant<Document, GraphqlError> parse_document(std::string_view source);

// graphql-js's print() of a value literal: `"a\"b"`, `[1, 2]`, `{a: 1}`, `$v`.
std::string print_value(const Value& value);

}  // namespace tagwire::api::graphql_detail
