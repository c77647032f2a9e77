// POST /api/v1/graph over real HTTP: error shapes and partial data.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include <chrono>
#include <string>

#include "http_test_api.h"
#include "tagwire/api/tag_index.h"

using namespace tagwire;
using namespace tagwire::api;
using tagwire::api::testing::parse_json;
using tagwire::api::testing::RunningApi;

namespace {

void seed_bread(const std::string& data_dir) {
  auto index = TagIndex::open(data_dir);
  REQUIRE(index);
  IndexedPage page{"http://a.example/", "http://a.example/", "A", {{"bread", 1.0, "declared"}}, 0};
  REQUIRE(index.value()->put(page).get());
}

httplib::Result post_graphql(RunningApi& api, const std::string& query) {
  return api.client().Post("/api/v1/graph", query, "application/graphql");
}

}  // namespace

TEST_CASE("a GraphQL syntax error answers 400 with message and location", "[http][graphql][integration]") {
  RunningApi api;
  auto res = post_graphql(api, "{ tags(url: \"http://a.example/\" }");
  REQUIRE(res);
  CHECK(res->status == 400);
  auto doc = parse_json(res->body);
  REQUIRE(doc["errors"].Size() == 1);
  CHECK(doc["errors"][0]["message"].IsString());
  REQUIRE(doc["errors"][0]["locations"].Size() == 1);
  CHECK(doc["errors"][0]["locations"][0]["line"].GetInt() == 1);
  CHECK(doc["errors"][0]["extensions"]["type"].GetString() == std::string("graphql_syntax"));
  CHECK_FALSE(doc.HasMember("data"));
}

TEST_CASE("a GraphQL query for an unknown field answers 400", "[http][graphql][integration]") {
  RunningApi api;
  auto res = post_graphql(api, "{ pages(url: \"http://a.example/\") }");
  REQUIRE(res);
  CHECK(res->status == 400);
  auto doc = parse_json(res->body);
  CHECK(std::string(doc["errors"][0]["message"].GetString()).find("pages") != std::string::npos);
}

TEST_CASE("a GraphQL query that parsed answers 200 with partial data and errors", "[http][graphql][integration]") {
  RunningApi api({}, seed_bread);
  auto res = post_graphql(api, "{ t: tags(url: \"http://a.example/\") u: urls(tag: \"Breads\") }");
  REQUIRE(res);
  CHECK(res->status == 200);
  auto doc = parse_json(res->body);
  CHECK(doc["data"]["t"].IsNull());
  REQUIRE(doc["data"]["u"].Size() == 1);
  CHECK(doc["data"]["u"][0].GetString() == std::string("http://a.example/"));
  REQUIRE(doc["errors"].Size() == 1);
  const auto& error = doc["errors"][0];
  CHECK(error["path"][0].GetString() == std::string("t"));
  CHECK(error["extensions"]["type"].GetString() == std::string("no_workers"));
  CHECK(error["locations"][0]["column"].GetInt() == 3);
}

TEST_CASE("a GraphQL field with a bad URL fails alone with invalid_url", "[http][graphql][integration]") {
  RunningApi api;
  auto res = post_graphql(api, "{ tags(url: \"ftp://a.example/\") }");
  REQUIRE(res);
  CHECK(res->status == 200);
  auto doc = parse_json(res->body);
  CHECK(doc["data"]["tags"].IsNull());
  CHECK(doc["errors"][0]["extensions"]["type"].GetString() == std::string("invalid_url"));
}

TEST_CASE("a JSON GraphQL request takes variables and an operation name", "[http][graphql][integration]") {
  RunningApi api({}, seed_bread);
  const std::string body =
      R"({"query": "query A($t: String!) { urls(tag: $t) } query B { urls(tag: \"none\") }",)"
      R"( "variables": {"t": "bread"}, "operationName": "A"})";
  auto res = api.client().Post("/api/v1/graph", body, "application/json; charset=utf-8");
  REQUIRE(res);
  CHECK(res->status == 200);
  auto doc = parse_json(res->body);
  REQUIRE(doc["data"]["urls"].Size() == 1);
  CHECK_FALSE(doc.HasMember("errors"));
}

TEST_CASE("a GraphQL body that is not a GraphQL request answers 400 bad_request", "[http][graphql][integration]") {
  RunningApi api;
  auto not_json = api.client().Post("/api/v1/graph", "{query", "application/json");
  REQUIRE(not_json);
  CHECK(not_json->status == 400);
  CHECK(parse_json(not_json->body)["errors"][0]["extensions"]["type"].GetString() == std::string("bad_request"));
}

TEST_CASE("a GraphQL body of another media type answers 415 unsupported_media_type", "[http][graphql][integration]") {
  RunningApi api;
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded"}) {
    INFO(type);
    auto res = api.client().Post("/api/v1/graph", "{ urls(tag: \"a\") }", type);
    REQUIRE(res);
    CHECK(res->status == 415);
    CHECK(parse_json(res->body)["errors"][0]["extensions"]["type"].GetString() ==
          std::string("unsupported_media_type"));
  }
  auto any_case = api.client().Post("/api/v1/graph", "{ urls(tag: \"a\") }", "Application/GraphQL");
  REQUIRE(any_case);
  CHECK(any_case->status == 200);
}

TEST_CASE("several tags fields in one query are resolved concurrently", "[http][graphql][integration]") {
  // Without workers every field fails at once; what this checks is that ten
  // fields answer in one response, each with its own error and path.
  RunningApi api;
  std::string query = "{";
  for (int i = 0; i < 10; ++i) {
    query += " f" + std::to_string(i) + ": tags(url: \"http://h" + std::to_string(i) + ".example/\")";
  }
  query += " }";
  auto res = post_graphql(api, query);
  REQUIRE(res);
  CHECK(res->status == 200);
  auto doc = parse_json(res->body);
  REQUIRE(doc["errors"].Size() == 10);
  for (int i = 0; i < 10; ++i) {
    CHECK(doc["data"][("f" + std::to_string(i)).c_str()].IsNull());
    CHECK(doc["errors"][i]["path"][0].GetString() == "f" + std::to_string(i));
  }
}
