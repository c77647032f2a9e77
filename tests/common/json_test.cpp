// JSON string escaping.
#include "tagwire/common/json.h"

#include <catch2/catch.hpp>

using tagwire::json_quote;

TEST_CASE("plain text and valid UTF-8 are quoted unchanged", "[json]") {
  CHECK(json_quote("") == "\"\"");
  CHECK(json_quote("hello") == "\"hello\"");
  CHECK(json_quote("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") == "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
  CHECK(json_quote("a/b\x7F") == "\"a/b\x7F\"");
}

TEST_CASE("quotes, backslashes and control characters are escaped", "[json]") {
  CHECK(json_quote("say \"hi\"") == "\"say \\\"hi\\\"\"");
  CHECK(json_quote("a\\b") == "\"a\\\\b\"");
  CHECK(json_quote("\n\r\t\b\f") == "\"\\n\\r\\t\\b\\f\"");
  CHECK(json_quote(std::string_view("\0\x01\x1f", 3)) == "\"\\u0000\\u0001\\u001f\"");
}

TEST_CASE("bytes that are not UTF-8 become U+FFFD", "[json]") {
  CHECK(json_quote("a\xFF" "b") == "\"a\xEF\xBF\xBD" "b\"");
  CHECK(json_quote("\xC3") == "\"\xEF\xBF\xBD\"");                      // truncated sequence
  CHECK(json_quote("\xC0\xAF") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");      // overlong '/'
  CHECK(json_quote("\xED\xA0\x80") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // a surrogate
  CHECK(json_quote("\xF4\x90\x80\x80") ==
        "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // above U+10FFFF
}

TEST_CASE("append_json_string appends after existing text", "[json]") {
  std::string out = "{\"k\":";
  tagwire::append_json_string(out, "v");
  out += '}';
  CHECK(out == "{\"k\":\"v\"}");
}
