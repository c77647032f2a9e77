// Bodies of successful answers (see http_json.h).
#include "tagwire/api/http_json.h"

#include <algorithm>
#include <cmath>
#include <ctime>

#include <fmt/format.h>

#include "tagwire/common/json.h"

namespace tagwire::api {
namespace {

void append_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  out += fmt::format("{}", value);
}

void append_key(std::string& out, std::string_view key) {
  append_json_string(out, key);
  out += ':';
}

}  // namespace

std::string iso8601_utc(int64_t unix_ms) {
  int64_t seconds = unix_ms / 1000;
  int64_t millis = unix_ms % 1000;
  if (millis < 0) {
    millis += 1000;
    seconds -= 1;
  }
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
}

std::string tags_answer_json(const TagAnswer& answer) {
  std::string out = "{";
  append_key(out, "url");
  append_json_string(out, answer.url);
  out += ',';
  append_key(out, "final_url");
  append_json_string(out, answer.final_url);
  out += ',';
  append_key(out, "title");
  append_json_string(out, answer.title);
  out += ',';
  append_key(out, "computed_at");
  append_json_string(out, iso8601_utc(answer.computed_at_ms));
  out += ',';
  append_key(out, "cached");
  out += answer.cached ? "true" : "false";
  out += ',';
  append_key(out, "tags");
  out += '[';
  for (std::size_t i = 0; i < answer.tags.size(); ++i) {
    const IndexedTag& tag = answer.tags[i];
    if (i != 0) out += ',';
    out += '{';
    append_key(out, "tag");
    append_json_string(out, tag.tag);
    out += ',';
    append_key(out, "score");
    append_number(out, tag.score);
    out += ',';
    append_key(out, "source");
    append_json_string(out, tag.source);
    out += '}';
  }
  out += "]}";
  return out;
}

std::string urls_answer_json(const UrlsAnswer& answer) {
  std::string out = "{";
  append_key(out, "tag");
  append_json_string(out, answer.tag);
  out += ',';
  append_key(out, "urls");
  out += '[';
  for (std::size_t i = 0; i < answer.urls.size(); ++i) {
    if (i != 0) out += ',';
    append_json_string(out, answer.urls[i]);
  }
  out += "],";
  append_key(out, "next_cursor");
  if (answer.next_cursor.empty()) {
    out += "null";
  } else {
    append_json_string(out, answer.next_cursor);
  }
  out += '}';
  return out;
}

std::vector<std::string> sorted_tag_names(const TagAnswer& answer) {
  std::vector<std::string> names;
  names.reserve(answer.tags.size());
  for (const auto& tag : answer.tags) names.push_back(tag.tag);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace tagwire::api
