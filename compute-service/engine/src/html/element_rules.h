// What an HTML element means to the extractor: its kind by tag name, and the
// attribute rules (hidden, landmark roles, comment threads) that make any
// element boilerplate. Generic HTML semantics only, never one site's classes.
// Pure functions, thread-safe, but for WholeBodyForms (one per walk).
#pragma once

#include <libxml/tree.h>

#include <cstdint>
#include <string_view>
#include <unordered_map>

namespace tagwire::engine::html {

enum ElementFlag : std::uint32_t {
  kDropped = 1u << 0,      // boilerplate or invisible by name (script, nav, footer...)
  kBlock = 1u << 1,        // ends a line of the body
  kParagraph = 1u << 2,    // scored as a paragraph (p, pre, td, blockquote)
  kCell = 1u << 3,         // table cell: a space between neighbours
  kLinkChecked = 1u << 4,  // container dropped when most of its text is link text
  kSemanticMain = 1u << 5, // article / main
  kAnchor = 1u << 6,       // a
  kLineBreak = 1u << 7,    // br
  kPreformatted = 1u << 8, // pre: its newlines are line ends
  kNoChildren = 1u << 9,   // never holds markup worth visiting (script, style...)
  kPageChrome = 1u << 10,  // header / footer: page chrome unless inside an article
  kSideMatter = 1u << 11,  // nav / aside: never about this page
  kForm = 1u << 12,
  kTitle = 1u << 13,
  kMeta = 1u << 14,
  kDiv = 1u << 15,
  kBody = 1u << 16,
};

std::uint32_t element_flags(const xmlNode* element);

// The attributes the extractor reads, gathered in one pass over the list.
// Views point into the document and live as long as it does.
struct ElementAttributes {
  std::string_view id, cls, role, style, rel, href, name, property, content, aria_hidden;
  bool hidden = false;
};
ElementAttributes read_attributes(const xmlNode* element);

// Hidden by the hidden attribute, aria-hidden="true" or an inline
// display:none / visibility:hidden.
bool is_hidden(const ElementAttributes& attrs);

// role="navigation" and the other landmark roles that are never the article.
bool has_boilerplate_role(const ElementAttributes& attrs);
bool has_main_role(const ElementAttributes& attrs);

// An id or class with a word part naming a comment thread ("comments",
// "disqus", "respond", ...). Word parts are split at non-letters and at
// lower-to-upper camelCase steps, so "commentList" matches and
// "commentary" does not.
bool names_comment_thread(const ElementAttributes& attrs);

// The attribute facts the boilerplate rules need, computed once per element.
struct AttributeSignals {
  bool hidden = false;            // is_hidden
  bool boilerplate_role = false;  // has_boilerplate_role
  bool main_role = false;         // has_main_role
  bool comment_thread = false;    // names_comment_thread
};
AttributeSignals attribute_signals(const ElementAttributes& attrs);

// The forms that wrap a whole <body> (its only content element, scripts
// aside): some frameworks put every page inside one, so such a form is not
// boilerplate. Each body's children are scanned once, the first time a form
// in it is asked about, and the answer kept: scanning them for every form
// made a body of 20,000 scripts and 20,000 forms cost 6.8 s, quadratic
// (tests/engine/hostile_input_test.cpp has the shape).
// One per walk over a document; not thread-safe; pointers into the document.
class WholeBodyForms {
 public:
  bool contains(const xmlNode* form);

 private:
  // Per <body> met so far: its only content element, or null if it has none
  // or several.
  std::unordered_map<const xmlNode*, const xmlNode*> sole_content_;
};

// The whole boilerplate rule for one element (name, hidden, role, comment
// thread); a form that wraps the whole body (`whole_body_forms`) is not
// boilerplate.
bool is_boilerplate(const xmlNode* element, std::uint32_t flags, const AttributeSignals& signals,
                    WholeBodyForms& whole_body_forms);

// Class/id weight for the text-density scorer: +25 for words like
// "article", "content", "post"; -25 for "sidebar", "footer", "share"...
int class_weight(const ElementAttributes& attrs);

}  // namespace tagwire::engine::html
