// A page's tags as the tag index stores them: one JSON text in the page's row,
//   [["honey bees", "honey bee", 0.93, "inferred"], ...]   (tag, tag_key, score, source)
// in the engine's order. The tag_key kept beside each tag is the one its URL was
// filed under in tag_urls, so a rewrite unlinks exactly those rows even if
// tag_key()'s rules change between versions.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tagwire/api/tag_index.h"

namespace tagwire::api::index_detail {

struct StoredTag {
  IndexedTag tag;
  std::string key;  // tag_key(tag.tag) when it was written
  bool operator==(const StoredTag&) const = default;
};

// Each tag with its tag_key (common/tag_text.h), in order.
std::vector<StoredTag> stored_tags_of(const std::vector<IndexedTag>& tags);

std::string encode_stored_tags(const std::vector<StoredTag>& tags);

// nullopt when `json` is not an array of [string, string, number, string].
std::optional<std::vector<StoredTag>> decode_stored_tags(std::string_view json);

}  // namespace tagwire::api::index_detail
