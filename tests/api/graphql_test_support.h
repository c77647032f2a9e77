// Shared helpers of the GraphQL tests: run parse_graphql and unwrap one side.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tagwire/api/graphql.h"

namespace graphql_test {

inline std::vector<tagwire::api::FieldRequest> fields_of(const std::string& query, const std::string& variables = "",
                                                          const std::string& operation = "") {
  auto result = tagwire::api::parse_graphql(query, variables, operation);
  if (auto* errors = std::get_if<std::vector<tagwire::api::GraphqlError>>(&result)) {
    FAIL("unexpected error: " << errors->front().message);
  }
  return std::get<std::vector<tagwire::api::FieldRequest>>(result);
}

inline std::vector<tagwire::api::GraphqlError> errors_of(const std::string& query, const std::string& variables = "",
                                                          const std::string& operation = "") {
  auto result = tagwire::api::parse_graphql(query, variables, operation);
  if (std::holds_alternative<std::vector<tagwire::api::FieldRequest>>(result)) FAIL("query was accepted: " << query);
  return std::get<std::vector<tagwire::api::GraphqlError>>(result);
}

// The single error of a refused query.
inline tagwire::api::GraphqlError error_of(const std::string& query, const std::string& variables = "",
                                           const std::string& operation = "") {
  auto errors = errors_of(query, variables, operation);
  INFO("first error: " << errors.front().message);
  REQUIRE(errors.size() == 1);
  return errors.front();
}

using Loc = tagwire::api::GraphqlLocation;
using Locs = std::vector<tagwire::api::GraphqlLocation>;

}  // namespace graphql_test
