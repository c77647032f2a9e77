// Queries the GraphQL subset accepts, and the fields they resolve to.
#include <catch2/catch.hpp>

#include "graphql_test_support.h"

using namespace graphql_test;
using tagwire::api::FieldRequest;

TEST_CASE("an anonymous query resolves its tags field", "[graphql]") {
  const auto f = fields_of(R"({ tags(url: "http://a.test/x") })");
  REQUIRE(f.size() == 1);
  CHECK(f[0].response_key == "tags");
  CHECK(f[0].kind == FieldRequest::Kind::kTags);
  CHECK(f[0].url == "http://a.test/x");
  CHECK_FALSE(f[0].refresh);
  CHECK(f[0].location == Loc{1, 3});
}

TEST_CASE("the query keyword with a name and no variables is accepted", "[graphql]") {
  const auto f = fields_of("query Q { tags(url: \"u\", refresh: true) }");
  REQUIRE(f.size() == 1);
  CHECK(f[0].url == "u");
  CHECK(f[0].refresh);
}

TEST_CASE("urls takes its defaults when only the tag is given", "[graphql]") {
  const auto f = fields_of("{ urls(tag: \"cats\") }");
  REQUIRE(f.size() == 1);
  CHECK(f[0].kind == FieldRequest::Kind::kUrls);
  CHECK(f[0].tag == "cats");
  CHECK(f[0].limit == 100);
  CHECK(f[0].cursor.empty());
}

TEST_CASE("urls reads limit and cursor literals, and null means the default", "[graphql]") {
  auto f = fields_of("{ urls(tag: \"t\", limit: 7, cursor: \"abc\") }");
  CHECK(f[0].limit == 7);
  CHECK(f[0].cursor == "abc");
  f = fields_of("{ urls(tag: \"t\", limit: null, cursor: null) }");
  CHECK(f[0].limit == 100);
  CHECK(f[0].cursor.empty());
}

TEST_CASE("aliases name the fields and keep query order", "[graphql]") {
  const auto f = fields_of(R"({ b: tags(url: "2") a: tags(url: "1"), u: urls(tag: "x") })");
  REQUIRE(f.size() == 3);
  CHECK(f[0].response_key == "b");
  CHECK(f[0].url == "2");
  CHECK(f[0].location == Loc{1, 3});
  CHECK(f[1].response_key == "a");
  CHECK(f[1].url == "1");
  CHECK(f[2].response_key == "u");
  CHECK(f[2].kind == FieldRequest::Kind::kUrls);
}

TEST_CASE("ten fields are accepted", "[graphql]") {
  std::string q = "{";
  for (int i = 0; i < 10; ++i) q += " f" + std::to_string(i) + ": tags(url: \"u" + std::to_string(i) + "\")";
  q += " }";
  const auto f = fields_of(q);
  REQUIRE(f.size() == 10);
  CHECK(f[9].response_key == "f9");
  CHECK(f[9].url == "u9");
}

TEST_CASE("the same field twice with the same arguments is merged into one", "[graphql]") {
  const auto f = fields_of(R"({ tags(url: "a") tags(url: "a") })");
  REQUIRE(f.size() == 1);
  CHECK(f[0].url == "a");
}

TEST_CASE("string escapes are decoded", "[graphql]") {
  const auto f = fields_of(R"({ tags(url: "q\"b\\s\/\n\t\u00e9\u{1F600}\uD83D\uDE00") })");
  CHECK(f[0].url == "q\"b\\s/\n\t\xC3\xA9\xF0\x9F\x98\x80\xF0\x9F\x98\x80");
}

TEST_CASE("raw UTF-8 inside strings is kept", "[graphql]") {
  const auto f = fields_of("{ tags(url: \"http://a.test/\xC3\xA9t\xC3\xA9\") }");
  CHECK(f[0].url == "http://a.test/\xC3\xA9t\xC3\xA9");
}

TEST_CASE("block strings are dedented", "[graphql]") {
  const auto f = fields_of("{ tags(url: \"\"\"\n    http://a.test/\n      x \\\"\"\"\n  \"\"\") }");
  CHECK(f[0].url == "http://a.test/\n  x \"\"\"");
}

TEST_CASE("comments, commas, CRLF, tabs and a byte order mark are ignored", "[graphql]") {
  const auto f =
      fields_of("\xEF\xBB\xBF# leading comment\r\n{\r\n\ttags(url: \"a\",,, refresh: false), # trailing\r\n}\r\n");
  REQUIRE(f.size() == 1);
  CHECK(f[0].url == "a");
  CHECK(f[0].location == Loc{3, 2});
}

TEST_CASE("variables are substituted from the JSON object", "[graphql]") {
  const auto f = fields_of("query Q($u: String!, $r: Boolean = false, $t: String!, $n: Int, $c: String) {"
                           " tags(url: $u, refresh: $r) urls(tag: $t, limit: $n, cursor: $c) }",
                           R"({"u": "http://x.test/", "r": true, "t": "dogs", "n": 3, "c": "Y3Vy"})");
  REQUIRE(f.size() == 2);
  CHECK(f[0].url == "http://x.test/");
  CHECK(f[0].refresh);
  CHECK(f[1].tag == "dogs");
  CHECK(f[1].limit == 3);
  CHECK(f[1].cursor == "Y3Vy");
}

TEST_CASE("variable defaults apply when the variable is not provided", "[graphql]") {
  const auto f = fields_of("query ($u: String = \"d\", $r: Boolean = true, $n: Int) {"
                           " tags(url: $u, refresh: $r) urls(tag: \"t\", limit: $n) }",
                           "{}");
  CHECK(f[0].url == "d");
  CHECK(f[0].refresh);
  CHECK(f[1].limit == 100);
}

TEST_CASE("a null variable for a nullable argument means the argument's default", "[graphql]") {
  const auto f = fields_of("query ($n: Int, $r: Boolean) { urls(tag: \"t\", limit: $n) tags(url: \"u\", refresh: $r) }",
                           R"({"n": null, "r": null})");
  CHECK(f[0].limit == 100);
  CHECK_FALSE(f[1].refresh);
}

TEST_CASE("an integral JSON number is an Int variable", "[graphql]") {
  const auto f = fields_of("query ($n: Int) { urls(tag: \"t\", limit: $n) }", R"({"n": 5.0})");
  CHECK(f[0].limit == 5);
}

TEST_CASE("empty or null variables text means no variables", "[graphql]") {
  CHECK(fields_of("{ tags(url: \"a\") }", "").size() == 1);
  CHECK(fields_of("{ tags(url: \"a\") }", "null").size() == 1);
}

TEST_CASE("operationName selects among several operations", "[graphql]") {
  const auto q = "query A { tags(url: \"a\") } query B { urls(tag: \"b\") }";
  auto f = fields_of(q, "", "B");
  REQUIRE(f.size() == 1);
  CHECK(f[0].tag == "b");
  f = fields_of(q, "", "A");
  CHECK(f[0].url == "a");
}
