// extract_article: survey the page, choose the content block, write it out.
#include "tagwire/engine/extractor.h"

#include "html/body_writer.h"
#include "html/html_document_access.h"
#include "html/page_survey.h"

namespace tagwire::engine {
namespace {

// An article/main element is trusted when it holds at least half the text of
// the best-scoring block: a small <article> teaser card does not beat the
// real content, but a semantic element holding the content always wins.
constexpr double kSemanticShareOfDensest = 0.5;

// `text` cut to at most `max_bytes`, on a character boundary: a 3 MB <title>
// is a broken or hostile page, and every answer and index row repeats it.
std::string at_most(std::string text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // inside a UTF-8 sequence
  text.resize(cut);
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

const xmlNode* choose_content_root(const html::PageSurvey& survey) {
  const html::ContentCandidate& semantic = survey.semantic_main;
  const html::ContentCandidate& densest = survey.densest_block;
  if (semantic.element != nullptr && semantic.text_chars > 0 &&
      double(semantic.text_chars) >= kSemanticShareOfDensest * double(densest.text_chars))
    return semantic.element;
  if (densest.element != nullptr) return densest.element;
  return survey.body;
}

}  // namespace

Article extract_article(const HtmlDocument& doc) {
  html::PageSurvey survey = html::survey_page(HtmlDocumentAccess::tree(doc));
  Article article;
  article.title = at_most(!survey.og_title.empty() ? std::move(survey.og_title) : std::move(survey.title_element),
                          kMaxTitleBytes);
  article.description = at_most(!survey.meta_description.empty() ? std::move(survey.meta_description)
                                                                 : std::move(survey.og_description),
                                kMaxDescriptionBytes);
  const xmlNode* root = choose_content_root(survey);
  if (root != nullptr) {
    // Visible bytes plus a quarter for the spaces and line ends between them.
    std::size_t visible = root == survey.semantic_main.element ? survey.semantic_main.text_chars
                                                               : survey.densest_block.text_chars;
    article.body = html::write_body(root, visible + visible / 4 + 64);
  }
  article.declared_tags = std::move(survey.declared_tags);
  article.charset = doc.charset();
  return article;
}

}  // namespace tagwire::engine
