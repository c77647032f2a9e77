// Tag: one entry of the engine's answer.
#pragma once

#include <string>
#include <vector>

namespace tagwire::engine {

enum class TagSource { kDeclared, kInferred };

inline const char* tag_source_name(TagSource s) {
  return s == TagSource::kDeclared ? "declared" : "inferred";
}

struct Tag {
  std::string tag;     // lowercased, unique within one answer
  double score = 0.0;  // higher is better; declared tags score 1.0, inferred ones in (0, 1]
  TagSource source = TagSource::kInferred;
};

// The engine's whole answer for one page.
struct TagResult {
  std::string title;
  std::vector<Tag> tags;  // declared tags first (page order), then inferred by score
  // The page's body is binary data, not text (HtmlDocument::binary): nothing
  // was tagged, and a caller answers not_html.
  bool binary = false;
};

}  // namespace tagwire::engine
