// Queries the GraphQL subset refuses: each with graphql-js's message and location.
#include <catch2/catch.hpp>

#include <chrono>

#include "graphql_test_support.h"

using namespace graphql_test;

TEST_CASE("an empty selection set is a syntax error at the closing brace", "[graphql]") {
  const auto e = error_of("{ }");
  CHECK(e.message == "Syntax Error: Expected Name, found \"}\".");
  CHECK(e.locations == Locs{{1, 3}});
}

TEST_CASE("an empty document is a syntax error at EOF", "[graphql]") {
  const auto e = error_of("  # nothing\n");
  CHECK(e.message == "Syntax Error: Unexpected <EOF>.");
  CHECK(e.locations == Locs{{2, 1}});
}

TEST_CASE("an unclosed selection set reports EOF where it ends", "[graphql]") {
  const auto e = error_of("{ tags(url: \"a\")\n");
  CHECK(e.message == "Syntax Error: Expected Name, found <EOF>.");
  CHECK(e.locations == Locs{{2, 1}});
}

TEST_CASE("a missing colon after an argument name is a syntax error", "[graphql]") {
  const auto e = error_of("{ tags(url \"a\") }");
  CHECK(e.message == "Syntax Error: Expected \":\", found String \"a\".");
  CHECK(e.locations == Locs{{1, 12}});
}

TEST_CASE("an unexpected character is named", "[graphql]") {
  auto e = error_of("{ tags(url: \"a\") % }");
  CHECK(e.message == "Syntax Error: Unexpected character: \"%\".");
  CHECK(e.locations == Locs{{1, 18}});
  e = error_of("{ \xC3\xA9 }");
  CHECK(e.message == "Syntax Error: Unexpected character: U+00E9.");
  CHECK(e.locations == Locs{{1, 3}});
}

TEST_CASE("columns count code points, not bytes", "[graphql]") {
  const auto e = error_of("{ tags(url: \"\xC3\xA9\xC3\xA9\") % }");
  CHECK(e.locations == Locs{{1, 19}});
}

TEST_CASE("a single-quoted string is refused with a hint", "[graphql]") {
  const auto e = error_of("{ tags(url: 'a') }");
  CHECK(e.message ==
        "Syntax Error: Unexpected single quote character ('), did you mean to use a double quote (\")?");
  CHECK(e.locations == Locs{{1, 13}});
}

TEST_CASE("string errors: unterminated, bad escape, bad unicode escape, control character", "[graphql]") {
  auto e = error_of("{ tags(url: \"abc\n\") }");
  CHECK(e.message == "Syntax Error: Unterminated string.");
  CHECK(e.locations == Locs{{1, 17}});
  e = error_of(R"({ tags(url: "a\x") })");
  CHECK(e.message == "Syntax Error: Invalid character escape sequence: \"\\x\".");
  CHECK(e.locations == Locs{{1, 15}});
  e = error_of(R"({ tags(url: "\u00ZZ") })");
  CHECK(e.message == "Syntax Error: Invalid Unicode escape sequence: \"\\u00ZZ\".");
  CHECK(e.locations == Locs{{1, 14}});
  e = error_of(R"({ tags(url: "\uDC00") })");
  CHECK(e.message == "Syntax Error: Invalid Unicode escape sequence: \"\\uDC00\".");
  e = error_of("{ tags(url: \"a\x01\") }");
  CHECK(e.message == "Syntax Error: Invalid character within String: U+0001.");
  CHECK(e.locations == Locs{{1, 15}});
}

TEST_CASE("number errors follow graphql-js", "[graphql]") {
  auto e = error_of("{ urls(tag: \"t\", limit: 01) }");
  CHECK(e.message == "Syntax Error: Invalid number, unexpected digit after 0: \"1\".");
  CHECK(e.locations == Locs{{1, 26}});
  e = error_of("{ urls(tag: \"t\", limit: 5x) }");
  CHECK(e.message == "Syntax Error: Invalid number, expected digit but got: \"x\".");
  CHECK(e.locations == Locs{{1, 26}});
}

TEST_CASE("a mutation is refused", "[graphql]") {
  const auto e = error_of("mutation M { tags(url: \"a\") }");
  CHECK(e.message == "Schema is not configured to execute mutation operation.");
  CHECK(e.locations == Locs{{1, 1}});
}

TEST_CASE("a subscription is refused", "[graphql]") {
  const auto e = error_of("\n  subscription { tags(url: \"a\") }");
  CHECK(e.message == "Schema is not configured to execute subscription operation.");
  CHECK(e.locations == Locs{{2, 3}});
}

TEST_CASE("fragments are refused, as definitions and as spreads", "[graphql]") {
  auto e = error_of("{ ...F } fragment F on Query { tags(url: \"a\") }");
  CHECK(e.message == "Fragments are not supported.");
  CHECK(e.locations == Locs{{1, 3}});
  e = error_of("fragment F on Query { tags(url: \"a\") }");
  CHECK(e.message == "Fragments are not supported.");
  CHECK(e.locations == Locs{{1, 1}});
}

TEST_CASE("directives are refused", "[graphql]") {
  auto e = error_of("{ tags(url: \"a\") @include(if: true) }");
  CHECK(e.message == "Directives are not supported: \"@include\".");
  CHECK(e.locations == Locs{{1, 18}});
  e = error_of("query Q @live { tags(url: \"a\") }");
  CHECK(e.message == "Directives are not supported: \"@live\".");
  CHECK(e.locations == Locs{{1, 9}});
}

TEST_CASE("an unknown field is refused with a suggestion", "[graphql]") {
  auto e = error_of("{ foo }");
  CHECK(e.message == "Cannot query field \"foo\" on type \"Query\".");
  CHECK(e.locations == Locs{{1, 3}});
  e = error_of("{ x: tag(url: \"a\") }");
  CHECK(e.message == "Cannot query field \"tag\" on type \"Query\". Did you mean \"tags\"?");
  CHECK(e.locations == Locs{{1, 3}});
}

TEST_CASE("an unknown argument is refused with a suggestion", "[graphql]") {
  auto e = error_of("{ tags(url: \"a\", bar: 1) }");
  CHECK(e.message == "Unknown argument \"bar\" on field \"Query.tags\".");
  CHECK(e.locations == Locs{{1, 18}});
  e = error_of("{ urls(tag: \"a\", limt: 1) }");
  CHECK(e.message == "Unknown argument \"limt\" on field \"Query.urls\". Did you mean \"limit\"?");
}

TEST_CASE("a missing required argument is refused at the field", "[graphql]") {
  auto e = error_of("{ tags }");
  CHECK(e.message == "Field \"tags\" argument \"url\" of type \"String!\" is required, but it was not provided.");
  CHECK(e.locations == Locs{{1, 3}});
  e = error_of("{\n  mine: urls(limit: 3) }");
  CHECK(e.message == "Field \"urls\" argument \"tag\" of type \"String!\" is required, but it was not provided.");
  CHECK(e.locations == Locs{{2, 3}});
}

TEST_CASE("arguments of the wrong type are refused at the value", "[graphql]") {
  auto e = error_of("{ tags(url: 5) }");
  CHECK(e.message == "String cannot represent a non string value: 5");
  CHECK(e.locations == Locs{{1, 13}});
  e = error_of("{ tags(url: \"a\", refresh: \"yes\") }");
  CHECK(e.message == "Boolean cannot represent a non boolean value: \"yes\"");
  CHECK(e.locations == Locs{{1, 27}});
  e = error_of("{ urls(tag: \"a\", limit: 1.5) }");
  CHECK(e.message == "Int cannot represent non-integer value: 1.5");
  e = error_of("{ urls(tag: \"a\", limit: 3000000000) }");
  CHECK(e.message == "Int cannot represent non 32-bit signed integer value: 3000000000");
  e = error_of("{ tags(url: [\"a\", 1]) }");
  CHECK(e.message == "String cannot represent a non string value: [\"a\", 1]");
  e = error_of("{ tags(url: null) }");
  CHECK(e.message == "Expected value of type \"String!\", found null.");
  CHECK(e.locations == Locs{{1, 13}});
}

TEST_CASE("a limit outside 1..1000 is refused at its value", "[graphql]") {
  auto e = error_of("{ urls(tag: \"a\", limit: 0) }");
  CHECK(e.message == "Argument \"limit\" on field \"urls\" must be between 1 and 1000, got 0.");
  CHECK(e.locations == Locs{{1, 25}});
  e = error_of("query ($n: Int) { urls(tag: \"a\", limit: $n) }", R"({"n": 1001})");
  CHECK(e.message == "Argument \"limit\" on field \"urls\" must be between 1 and 1000, got 1001.");
  CHECK(e.locations == Locs{{1, 41}});
}

TEST_CASE("a duplicate argument is refused at both", "[graphql]") {
  const auto e = error_of("{ tags(url: \"a\", url: \"b\") }");
  CHECK(e.message == "There can be only one argument named \"url\".");
  CHECK(e.locations == Locs{{1, 8}, {1, 18}});
}

TEST_CASE("an undefined variable is refused", "[graphql]") {
  auto e = error_of("query Q { tags(url: $u) }");
  CHECK(e.message == "Variable \"$u\" is not defined by operation \"Q\".");
  CHECK(e.locations == Locs{{1, 21}, {1, 1}});
  e = error_of("{ tags(url: $u) }");
  CHECK(e.message == "Variable \"$u\" is not defined.");
  CHECK(e.locations == Locs{{1, 13}, {1, 1}});
}

TEST_CASE("an unused or duplicate variable is refused", "[graphql]") {
  auto e = error_of("query Q($u: String!, $x: Int) { tags(url: $u) }");
  CHECK(e.message == "Variable \"$x\" is never used in operation \"Q\".");
  CHECK(e.locations == Locs{{1, 22}});
  e = error_of("query Q($u: String!, $u: String!) { tags(url: $u) }");
  CHECK(e.message == "There can be only one variable named \"$u\".");
  CHECK(e.locations == Locs{{1, 10}, {1, 23}});
}

TEST_CASE("a variable of an unknown type is refused", "[graphql]") {
  const auto errors = errors_of("query ($u: Strin!) { tags(url: $u) }");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "Unknown type \"Strin\". Did you mean \"String\"?");
  CHECK(errors[0].locations == Locs{{1, 12}});
}

TEST_CASE("a variable in a position of another type is refused", "[graphql]") {
  auto e = error_of("query ($u: Int!) { tags(url: $u) }");
  CHECK(e.message == "Variable \"$u\" of type \"Int!\" used in position expecting type \"String!\".");
  CHECK(e.locations == Locs{{1, 8}, {1, 30}});
  e = error_of("query ($u: String) { tags(url: $u) }");
  CHECK(e.message == "Variable \"$u\" of type \"String\" used in position expecting type \"String!\".");
}

TEST_CASE("a variable default of the wrong type is refused", "[graphql]") {
  const auto e = error_of("query ($r: Boolean = \"x\") { tags(url: \"a\", refresh: $r) }");
  CHECK(e.message == "Boolean cannot represent a non boolean value: \"x\"");
  CHECK(e.locations == Locs{{1, 22}});
}

TEST_CASE("a variable in a default value is a syntax error", "[graphql]") {
  const auto e = error_of("query ($r: Boolean = $x) { tags(url: \"a\", refresh: $r) }");
  CHECK(e.message == "Syntax Error: Unexpected variable \"$x\" in constant value.");
  CHECK(e.locations == Locs{{1, 22}});
}

TEST_CASE("variable values that do not fit are refused at the definition", "[graphql]") {
  const std::string q = "query ($u: String!) { tags(url: $u) }";
  auto e = error_of(q, "{}");
  CHECK(e.message == "Variable \"$u\" of required type \"String!\" was not provided.");
  CHECK(e.locations == Locs{{1, 8}});
  e = error_of(q, R"({"u": null})");
  CHECK(e.message == "Variable \"$u\" of non-null type \"String!\" must not be null.");
  e = error_of(q, R"({"u": 5})");
  CHECK(e.message == "Variable \"$u\" got invalid value 5; String cannot represent a non string value: 5");
  e = error_of("query ($n: Int) { urls(tag: \"t\", limit: $n) }", R"({"n": "7"})");
  CHECK(e.message == "Variable \"$n\" got invalid value \"7\"; Int cannot represent non-integer value: \"7\"");
}

TEST_CASE("variables that are not a JSON object are refused", "[graphql]") {
  auto e = error_of("{ tags(url: \"a\") }", "{\"u\":");
  CHECK(e.message.rfind("Variables are invalid JSON: ", 0) == 0);
  CHECK(e.locations.empty());
  e = error_of("{ tags(url: \"a\") }", "[1]");
  CHECK(e.message == "Variables must be provided as a JSON object.");
}

TEST_CASE("a sub-selection on a leaf field is refused at its brace", "[graphql]") {
  const auto e = error_of("{ tags(url: \"a\") { name } }");
  CHECK(e.message == "Field \"tags\" must not have a selection since type \"[String!]!\" has no subfields.");
  CHECK(e.locations == Locs{{1, 18}});
}

TEST_CASE("two different fields under one response key conflict", "[graphql]") {
  auto e = error_of("{ x: tags(url: \"a\") x: urls(tag: \"b\") }");
  CHECK(e.message == "Fields \"x\" conflict because \"tags\" and \"urls\" are different fields. Use different "
                     "aliases on the fields to fetch both if this was intentional.");
  CHECK(e.locations == Locs{{1, 3}, {1, 21}});
  e = error_of("{ tags(url: \"a\") tags(url: \"b\") }");
  CHECK(e.message == "Fields \"tags\" conflict because they have differing arguments. Use different aliases on "
                     "the fields to fetch both if this was intentional.");
}

TEST_CASE("a query with eleven fields is refused at the eleventh", "[graphql]") {
  std::string q = "{";
  for (int i = 0; i < 11; ++i) q += "\n f" + std::to_string(i) + ": tags(url: \"u\")";
  q += " }";
  const auto e = error_of(q);
  CHECK(e.message == "Query selects 11 fields; at most 10 are allowed.");
  CHECK(e.locations == Locs{{12, 2}});
}

TEST_CASE("several operations need an operation name", "[graphql]") {
  const std::string q = "query A { tags(url: \"a\") }\nquery B { tags(url: \"b\") }";
  auto e = error_of(q);
  CHECK(e.message == "Must provide operation name if query contains multiple operations.");
  CHECK(e.locations == Locs{{1, 1}, {2, 1}});
  e = error_of(q, "", "C");
  CHECK(e.message == "Unknown operation named \"C\".");
  CHECK(e.locations.empty());
}

TEST_CASE("an anonymous operation beside others and duplicate operation names are refused", "[graphql]") {
  auto e = error_of("{ tags(url: \"a\") } query B { tags(url: \"b\") }");
  CHECK(e.message == "This anonymous operation must be the only defined operation.");
  CHECK(e.locations == Locs{{1, 1}});
  e = error_of("query A { tags(url: \"a\") } query A { tags(url: \"b\") }", "", "A");
  CHECK(e.message == "There can be only one operation named \"A\".");
  CHECK(e.locations == Locs{{1, 7}, {1, 34}});
}

TEST_CASE("several validation errors are all reported in document order", "[graphql]") {
  const auto errors = errors_of("{ foo tags bar }");
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].message == "Cannot query field \"foo\" on type \"Query\".");
  CHECK(errors[1].message ==
        "Field \"tags\" argument \"url\" of type \"String!\" is required, but it was not provided.");
  CHECK(errors[2].locations == Locs{{1, 12}});
}

TEST_CASE("deep nesting is refused quickly without exhausting the stack", "[graphql]") {
  const auto start = std::chrono::steady_clock::now();
  std::string nested = "{ tags(url: \"a\") ";
  for (int i = 0; i < 10000; ++i) nested += "{ a ";
  auto e = error_of(nested);
  CHECK(e.message == "Query is nested too deeply: more than 32 levels.");
  e = error_of("{ tags(url: " + std::string(20000, '[') + " }");
  CHECK(e.message == "Query is nested too deeply: more than 32 levels.");
  e = error_of("query ($u: " + std::string(20000, '[') + "String) { tags(url: $u) }");
  CHECK(e.message == "Query is nested too deeply: more than 32 levels.");
  e = error_of("query ($u: String!) { tags(url: $u) }", "{\"u\": " + std::string(20000, '[') + std::string(20000, ']') + "}");
  CHECK(e.message == "Variables are nested too deeply: more than 64 levels.");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
}

TEST_CASE("an oversized query is refused before parsing", "[graphql]") {
  const auto e = error_of("{ tags(url: \"" + std::string(70000, 'a') + "\") }");
  CHECK(e.message == "Query is too large: 70017 bytes, at most 65536 are allowed.");
  CHECK(e.locations.empty());
}

TEST_CASE("too many tokens are refused", "[graphql]") {
  std::string many = "{ urls(tag: \"a\", limit: [";
  for (int i = 0; i < 10001; ++i) many += "1 ";
  many += "]) }";
  CHECK(error_of(many).message == "Syntax Error: Document contains more than 10000 tokens. Parsing aborted.");
}

TEST_CASE("random garbage never crashes and always yields errors or fields", "[graphql]") {
  uint32_t seed = 12345;
  const std::string alphabet = "{}()[]:$!=@.\"\\#,\n qutagsrl0123-eE_\xC3\xA9\x01";
  for (int round = 0; round < 2000; ++round) {
    std::string q;
    const int len = static_cast<int>(seed % 60);
    for (int i = 0; i < len; ++i) {
      seed = seed * 1103515245 + 12345;
      q += alphabet[(seed >> 16) % alphabet.size()];
    }
    seed = seed * 1103515245 + 12345;
    auto result = tagwire::api::parse_graphql(q, "", "");
    if (auto* errors = std::get_if<std::vector<tagwire::api::GraphqlError>>(&result)) {
      REQUIRE_FALSE(errors->empty());
      REQUIRE_FALSE(errors->front().message.empty());
    }
  }
}
