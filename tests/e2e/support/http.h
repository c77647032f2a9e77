// Small blocking HTTP calls to the processes under test, and JSON reading of
// their answers.
//
// Each call opens its own connection (no shared client), so calls may run on
// many threads at once. A transport failure (refused, timed out) gives
// status 0 and `transport_error` set; it never throws. elapsed_ms is the wall
// time of the whole call, for the latency assertions.
#pragma once

#include <rapidjson/document.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "query_escape.h"

namespace tagwire::e2e {

struct HttpAnswer {
  int status = 0;                // 0: no HTTP answer at all
  std::string body;
  std::string content_type;
  std::string retry_after;       // the Retry-After header, "" when absent
  std::string transport_error;   // httplib's reason when status is 0
  double elapsed_ms = 0;

  // "status 422: {...body...}" for failure messages.
  std::string describe() const;
};

using Timeout = std::chrono::milliseconds;
inline constexpr Timeout kDefaultHttpTimeout{30'000};

HttpAnswer http_get(int port, const std::string& path_and_query, Timeout timeout = kDefaultHttpTimeout);
HttpAnswer http_post(int port, const std::string& path, const std::string& body, const std::string& content_type,
                     Timeout timeout = kDefaultHttpTimeout);

// POST /api/v1/graph with {"query": query} as application/json.
HttpAnswer graphql(int port, std::string_view query, Timeout timeout = kDefaultHttpTimeout);
// GET /api/v1/tags?url=... (url percent-encoded).
HttpAnswer rest_tags(int port, std::string_view url, Timeout timeout = kDefaultHttpTimeout);
// GET /api/v1/urls?tag=...
HttpAnswer rest_urls(int port, std::string_view tag, Timeout timeout = kDefaultHttpTimeout);

// Percent-encodes everything but unreserved characters (tests/support).
using tagwire::testing::query_escape;
// A JSON string literal, quotes included.
std::string json_quoted(std::string_view text);

// Parses a body; a body that is not JSON gives a document whose
// HasParseError() is true (the assertions then show the body).
rapidjson::Document parse_json(const std::string& body);

// The string at a JSON pointer such as "/error/type"; "" when absent or not a string.
std::string json_string(const rapidjson::Document& doc, const char* pointer);
// The unsigned integer at a JSON pointer; -1 when absent.
int64_t json_int(const rapidjson::Document& doc, const char* pointer);
// The boolean at a JSON pointer; false when absent or not a boolean.
bool json_bool(const rapidjson::Document& doc, const char* pointer);
// The strings of the array at a JSON pointer (non-strings skipped; empty when absent).
std::vector<std::string> json_strings(const rapidjson::Document& doc, const char* pointer);
// The "tag" members of the array of objects at a JSON pointer (REST tags answers).
std::vector<std::string> json_tag_names(const rapidjson::Document& doc, const char* pointer);

}  // namespace tagwire::e2e
