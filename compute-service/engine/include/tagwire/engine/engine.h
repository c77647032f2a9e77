// Engine: the whole tag-inference pipeline behind one immutable object —
// HTML bytes → Article → analysis → ranked tags.
//
// An Engine shares one read-only Lexicon and holds no other state, so one
// instance serves any number of threads at once. No call fails: a page
// without text gives a result with its declared tags (if any) and no inferred
// ones, and a body of binary data (HtmlDocument::binary) an empty result
// marked `binary`. Results are deterministic for the same input bytes and
// options.
//
// Cost is bounded: every stage is O(n log n) or better in the text's length,
// and only the first kMaxAnalyzedBodyBytes (600 KB, about 100,000 words; see
// tagger.h) of a body are analyzed, so a longer article is tagged from its
// beginning. A 1.5 MB page costs a fixed, small multiple of a normal one.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tagwire/engine/article.h"
#include "tagwire/engine/lexicon.h"
#include "tagwire/engine/tag.h"
#include "tagwire/engine/tagger.h"

namespace tagwire::engine {

struct TagOptions {
  size_t limit = 10;  // inferred tags wanted; declared tags always come too
};

class Engine {
 public:
  // Precondition: lexicon is not null.
  explicit Engine(std::shared_ptr<const Lexicon> lexicon);

  // Parses and extracts the page, then tags it (see tag_article); a body of
  // binary data is neither extracted nor tagged: the result is empty, with
  // `binary` set.
  TagResult tag_html(std::string_view bytes, std::string_view content_type, const TagOptions& options,
                     Explanation* explain = nullptr) const;

  // Declared tags first (score 1.0, page order), then up to options.limit
  // inferred tags best first, none equal to a declared tag.
  TagResult tag_article(const Article& article, const TagOptions& options, Explanation* explain = nullptr) const;

  // Keyphrases of a plain text, best first: `title` and `text` go the same way
  // as a page's title and body. Fills `explain` when given.
  std::vector<std::string> keyphrases(std::string_view title, std::string_view text, size_t limit,
                                      Explanation* explain = nullptr) const;

  const Lexicon& lexicon() const { return *lexicon_; }

 private:
  std::shared_ptr<const Lexicon> lexicon_;
};

}  // namespace tagwire::engine
