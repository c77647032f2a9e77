// DeclaredTags: the tags a page states about itself, gathered in page order,
// plus the URL and attribute rules that recognise them. Not thread-safe; one
// collector per extraction.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tagwire::engine::html {

// True if a rel attribute's space-separated token list holds "tag".
bool rel_has_tag(std::string_view rel);

// The raw path segment after a "tag" or "tags" segment of a URL path
// ("https://x.com/tag/web-development?src=1" gives "web-development");
// "" if the path has no such segment or nothing follows it.
std::string_view tag_slug_of_url(std::string_view href);

// The last non-empty path segment of a URL, query and fragment stripped.
std::string_view last_path_segment(std::string_view href);

// A slug as words: %XX escapes decoded, '+' read as a space. The bytes are
// as the escapes give them, so not always UTF-8: DeclaredTags::add makes
// them so.
std::string decode_slug(std::string_view slug);

class DeclaredTags {
 public:
  // Adds one tag after a leading '#' strip and normalize_tag. Every tag held
  // is valid UTF-8 without control characters: ill-formed sequences become
  // U+FFFD, control characters other than whitespace are dropped. Empties,
  // repeats, tags longer than kMaxTagBytes and tags past kMaxDeclaredTags
  // (tagwire/engine/extractor.h) are ignored.
  void add(std::string_view raw);
  // Adds each comma-separated item.
  void add_list(std::string_view comma_separated);
  // True once kMaxDeclaredTags tags are held: add() ignores everything after.
  bool full() const;
  std::vector<std::string> take() { return std::move(tags_); }

 private:
  std::vector<std::string> tags_;
};

}  // namespace tagwire::engine::html
