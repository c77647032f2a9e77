// Bodies of successful answers (see http_json.h).
#include "tagwire/api/http_json.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "tagwire/common/json.h"
#include "tagwire/common/utc_time.h"

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
  append_json_string(out, format_utc_ms(answer.computed_at_ms));
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
