// PageSurvey: the extractor's first walk over the whole document. It reads
// the title and meta data, gathers declared tags, measures the visible text
// of every element (boilerplate excluded) and scores candidate content
// blocks, so that the second walk only has to write the chosen block out.
//
// Pointers in the result point into the document and live as long as it.
#pragma once

#include <libxml/tree.h>

#include <string>
#include <vector>

namespace tagwire::engine::html {

struct ContentCandidate {
  const xmlNode* element = nullptr;
  double score = 0.0;         // paragraph score, before the link-density penalty
  std::size_t text_chars = 0;  // visible non-blank bytes under it
  std::size_t link_chars = 0;  // of which inside links
};

struct PageSurvey {
  std::string og_title, title_element, meta_description, og_description;
  std::vector<std::string> declared_tags;
  const xmlNode* body = nullptr;
  // Largest article / main / role=main by visible text, if any.
  ContentCandidate semantic_main;
  // Best block by the text-density scorer, if any paragraph scored.
  ContentCandidate densest_block;
};

PageSurvey survey_page(const xmlDoc* doc);

}  // namespace tagwire::engine::html
