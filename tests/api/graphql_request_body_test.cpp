// Extraction of {query, variables, operationName} from a JSON request body.
#include <catch2/catch.hpp>

#include "tagwire/api/graphql.h"

using tagwire::ErrorKind;
using tagwire::api::parse_graphql_request_body;

TEST_CASE("a body with all three members is extracted", "[graphql]") {
  const auto r = parse_graphql_request_body(
      R"({"query": "query Q($u: String!) { tags(url: $u) }", "variables": {"u": "http://a.test/"}, "operationName": "Q"})");
  REQUIRE(r.ok());
  CHECK(r->query == "query Q($u: String!) { tags(url: $u) }");
  CHECK(r->variables_json == R"({"u":"http://a.test/"})");
  CHECK(r->operation_name == "Q");
}

TEST_CASE("absent or null variables and operationName become empty", "[graphql]") {
  auto r = parse_graphql_request_body(R"({"query": "{ tags(url: \"a\") }"})");
  REQUIRE(r.ok());
  CHECK(r->variables_json.empty());
  CHECK(r->operation_name.empty());
  r = parse_graphql_request_body(R"({"query": "{ x }", "variables": null, "operationName": null})");
  REQUIRE(r.ok());
  CHECK(r->variables_json.empty());
  CHECK(r->operation_name.empty());
}

TEST_CASE("a body that is not JSON is a bad request naming the offset", "[graphql]") {
  const auto r = parse_graphql_request_body("{\"query\": ");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::kBadRequest);
  CHECK(r.error().message == "Body is not valid JSON: Invalid value. (at byte 10).");
}

TEST_CASE("a body without a string query is a bad request", "[graphql]") {
  auto r = parse_graphql_request_body(R"({"variables": {}})");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "Body must have a string \"query\".");
  r = parse_graphql_request_body(R"({"query": 5})");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "Body must have a string \"query\".");
  r = parse_graphql_request_body(R"(["query"])");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "Body must be a JSON object.");
}

TEST_CASE("variables and operationName of the wrong JSON type are bad requests", "[graphql]") {
  auto r = parse_graphql_request_body(R"({"query": "{ x }", "variables": "{}"})");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "\"variables\" must be a JSON object or null.");
  r = parse_graphql_request_body(R"({"query": "{ x }", "operationName": 3})");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "\"operationName\" must be a string or null.");
}

TEST_CASE("a deeply nested body is refused without recursion", "[graphql]") {
  const std::string body = R"({"query": "{ x }", "variables": {"a": )" + std::string(100000, '[') +
                           std::string(100000, ']') + "}}";
  const auto r = parse_graphql_request_body(body);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "Body is nested too deeply: more than 64 levels.");
}
