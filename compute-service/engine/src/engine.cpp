// The Engine facade: wires HTML parsing, article extraction and the two tagger stages.
#include "tagwire/engine/engine.h"

#include <algorithm>

#include "tagwire/engine/extractor.h"
#include "tagwire/engine/html_document.h"

namespace tagwire::engine {

Engine::Engine(std::shared_ptr<const Lexicon> lexicon) : lexicon_(std::move(lexicon)) {}

TagResult Engine::tag_html(std::string_view bytes, std::string_view content_type, const TagOptions& options,
                           Explanation* explain) const {
  const HtmlDocument doc = HtmlDocument::parse(bytes, content_type);
  if (doc.binary()) {
    if (explain != nullptr) explain->candidates.clear();
    TagResult binary;
    binary.binary = true;
    return binary;
  }
  return tag_article(extract_article(doc), options, explain);
}

TagResult Engine::tag_article(const Article& article, const TagOptions& options, Explanation* explain) const {
  TagResult result;
  result.title = article.title;
  for (const std::string& declared : article.declared_tags) {
    if (declared.empty()) continue;
    const bool seen = std::any_of(result.tags.begin(), result.tags.end(),
                                  [&](const Tag& t) { return t.tag == declared; });
    if (!seen) result.tags.push_back(Tag{declared, 1.0, TagSource::kDeclared});
  }
  const size_t declared_count = result.tags.size();
  // Ask for enough extra candidates that dropping those equal to a declared
  // tag still leaves `limit` inferred ones.
  RankOptions rank;
  rank.limit = options.limit + declared_count;
  const Analysis analysis = analyze_text(article, *lexicon_);
  for (Tag& t : rank_candidates(analysis, *lexicon_, rank, explain)) {
    if (result.tags.size() - declared_count >= options.limit) break;
    const bool is_declared = std::any_of(result.tags.begin(), result.tags.begin() + static_cast<std::ptrdiff_t>(declared_count),
                                         [&](const Tag& d) { return d.tag == t.tag; });
    if (!is_declared) result.tags.push_back(std::move(t));
  }
  return result;
}

std::vector<std::string> Engine::keyphrases(std::string_view title, std::string_view text, size_t limit,
                                            Explanation* explain) const {
  Article article;
  article.title = std::string(title);
  article.body = std::string(text);
  const Analysis analysis = analyze_text(article, *lexicon_);
  RankOptions rank;
  rank.limit = limit;
  std::vector<std::string> out;
  for (Tag& t : rank_candidates(analysis, *lexicon_, rank, explain)) out.push_back(std::move(t.tag));
  return out;
}

}  // namespace tagwire::engine
