// The JSON bodies of successful answers (REST, benchmark and GraphQL data).
//
// Shapes:
//   tags:  {"url","final_url","title","computed_at": ISO-8601 UTC with ms (utc_time.h),
//           "cached": bool, "tags": [{"tag","score","source"}]}
//   urls:  {"tag": normalized, "urls": [...], "next_cursor": string|null}
// Strings that are not valid UTF-8 are repaired (json.h), so every body parses.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "tagwire/api/api_lookup.h"

namespace tagwire::api {

std::string tags_answer_json(const TagAnswer& answer);
std::string urls_answer_json(const UrlsAnswer& answer);

// The tag names of an answer sorted alphabetically (bytewise), duplicates
// removed: what GraphQL's tags(url) answers, as the original did.
std::vector<std::string> sorted_tag_names(const TagAnswer& answer);

}  // namespace tagwire::api
