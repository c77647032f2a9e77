// parse_json_line: one line of the services' JSON output (a log line, a crash
// line) parsed with UTF-8 validation; fails the test, showing the line, unless
// it is a JSON object.
#pragma once

#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include <string>

namespace tagwire::testing {

inline rapidjson::Document parse_json_line(const std::string& line) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(line.c_str(), line.size());
  INFO("line: " << line);
  REQUIRE_FALSE(doc.HasParseError());
  REQUIRE(doc.IsObject());
  return doc;
}

}  // namespace tagwire::testing
