// The survey walk: metadata, declared tags, text measures, block scores.
//
// Scoring (after Readability): each visible paragraph of 25+ bytes scores
// 1 + its commas + one point per 100 bytes (at most 3), credited fully to its
// parent and half to its grandparent. A block starts from a bonus by tag and
// class words, and its final score is multiplied by (1 - link density).
#include "html/page_survey.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <unordered_map>

#include "html/ascii.h"
#include "html/declared_tags.h"
#include "html/element_rules.h"
#include "html/text_sink.h"
#include "html/tree_walk.h"
#include "tagwire/common/tag_text.h"

namespace tagwire::engine::html {
namespace {

constexpr std::size_t kMinParagraphChars = 25;

std::string_view view(const xmlChar* s) {
  return s == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(s));
}

// Collapsed text of a subtree: for the title, read once per page.
std::string text_of(const xmlNode* element) {
  struct Collector {
    TextSink sink;
    bool enter(const xmlNode* n) {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) sink.text(view(n->content));
      return n->type == XML_ELEMENT_NODE;
    }
    void leave(const xmlNode*) {}
  };
  std::string out;
  Collector collector{TextSink(out)};
  walk_descendants(element, collector);
  return out;
}

// A tag link's text is a word or two in a few elements. Reading no more of
// a link than this keeps each link's cost constant however much markup it
// holds: reading every link's whole subtree made 40,000 nested
// <a href="/tag/x"><span> (920 KB) cost 34 s, quadratic in the nesting
// (Release build; 0.07 s with the bound).
constexpr std::size_t kMaxTagLinkNodes = 64;
constexpr std::size_t kMaxTagLinkTextBytes = 4 * kMaxTagBytes;  // as written, before collapsing

// The collapsed text of a tag link, or nullopt when the link holds more than
// kMaxTagLinkNodes nodes or kMaxTagLinkTextBytes bytes of text: such a link
// is not a tag (at that length its text would almost always be over
// kMaxTagBytes too), and its slug does not stand in for a text it has.
std::optional<std::string> tag_link_text(const xmlNode* link) {
  struct Collector {
    TextSink sink;
    std::size_t nodes = 0, text_bytes = 0;
    bool over = false;
    bool enter(const xmlNode* n) {
      over = ++nodes > kMaxTagLinkNodes;
      if (over) return false;
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        // strnlen: a megabyte of text costs no more than the bound to reject.
        const char* content = reinterpret_cast<const char*>(n->content);
        std::size_t length = content == nullptr ? 0 : strnlen(content, kMaxTagLinkTextBytes + 1);
        text_bytes += length;
        over = text_bytes > kMaxTagLinkTextBytes;
        if (!over) sink.text(std::string_view(content == nullptr ? "" : content, length));
      }
      return n->type == XML_ELEMENT_NODE;
    }
    void leave(const xmlNode*) {}
    bool done() const { return over; }
  };
  std::string out;
  Collector collector{TextSink(out)};
  walk_descendants(link, collector);
  if (collector.over) return std::nullopt;
  return out;
}

int tag_bonus(std::string_view name) {
  if (name == "div") return 5;
  if (name == "pre" || name == "td" || name == "blockquote") return 3;
  if (name == "address" || name == "ol" || name == "ul" || name == "dl" || name == "dd" ||
      name == "dt" || name == "li" || name == "form")
    return -3;
  if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') return -5;
  return 0;
}

class Surveyor {
 public:
  explicit Surveyor(PageSurvey& result) : result_(result) { frames_.reserve(64); }

  bool enter(const xmlNode* node) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      count_text(view(node->content));
      return false;
    }
    if (node->type != XML_ELEMENT_NODE) return false;

    const std::uint32_t flags = element_flags(node);
    const ElementAttributes attrs = read_attributes(node);
    const AttributeSignals signals = attribute_signals(attrs);
    const bool boilerplate = is_boilerplate(node, flags, signals, whole_body_forms_);
    const bool semantic = (flags & kSemanticMain) || signals.main_role;
    // Tags are not read from navigation, sidebars, comments, hidden parts,
    // or a page-level header/footer (one outside any article).
    const bool blocks_tags = (flags & kSideMatter) || signals.boilerplate_role || signals.hidden ||
                             signals.comment_thread ||
                             ((flags & kPageChrome) && semantic_depth_ == 0);

    Frame frame;
    frame.node = node;
    frame.flags = flags;
    frame.dropped = boilerplate;
    frame.blocks_tags = blocks_tags;
    frame.semantic = semantic;
    frames_.push_back(frame);
    if (boilerplate) ++dropped_depth_;
    if (blocks_tags) ++tag_block_depth_;
    if (semantic) ++semantic_depth_;
    if (flags & kAnchor) ++link_depth_;
    if ((flags & kBody) && result_.body == nullptr) result_.body = node;

    if (flags & kTitle) {
      if (result_.title_element.empty()) result_.title_element = text_of(node);
      return false;
    }
    if (flags & kMeta) read_meta(attrs);
    if ((flags & kAnchor) && tag_block_depth_ == 0) read_tag_link(node, attrs);
    return (flags & kNoChildren) == 0;
  }

  void leave(const xmlNode* node) {
    if (node->type != XML_ELEMENT_NODE) return;
    Frame frame = frames_.back();
    frames_.pop_back();
    if (frame.dropped) --dropped_depth_;
    if (frame.blocks_tags) --tag_block_depth_;
    if (frame.semantic) --semantic_depth_;
    if (frame.flags & kAnchor) --link_depth_;
    if (frame.dropped) return;

    if (!frames_.empty()) {
      Frame& parent = frames_.back();
      parent.text_chars += frame.text_chars;
      parent.link_chars += frame.link_chars;
      parent.commas += frame.commas;
      if (frame.flags & (kBlock | kParagraph)) parent.has_block_child = true;
    }
    auto candidate = candidates_.find(node);
    if (candidate != candidates_.end()) {
      candidate->second.text_chars = frame.text_chars;
      candidate->second.link_chars = frame.link_chars;
    }
    if (frame.semantic && frame.text_chars > result_.semantic_main.text_chars)
      result_.semantic_main = {node, 0.0, frame.text_chars, frame.link_chars};
    const bool paragraph_like =
        (frame.flags & kParagraph) || ((frame.flags & kDiv) && !frame.has_block_child);
    if (paragraph_like && frame.text_chars >= kMinParagraphChars) score_paragraph(node, frame);
  }

  void finish() {
    double best = 0.0;
    for (const auto& [node, c] : candidates_) {
      double density = c.text_chars == 0 ? 0.0 : double(c.link_chars) / double(c.text_chars);
      double final_score = c.score * (1.0 - density);
      if (final_score > best) {
        best = final_score;
        result_.densest_block = c;
        result_.densest_block.score = final_score;
      }
    }
    result_.declared_tags = tags_.take();
  }

 private:
  struct Frame {
    const xmlNode* node = nullptr;
    std::uint32_t flags = 0;
    bool dropped = false, blocks_tags = false, semantic = false, has_block_child = false;
    std::size_t text_chars = 0, link_chars = 0, commas = 0;
  };

  void count_text(std::string_view s) {
    if (dropped_depth_ > 0 || frames_.empty()) return;
    std::size_t visible = 0, commas = 0;
    for (char c : s) {
      visible += !is_space(c);
      commas += c == ',';
    }
    Frame& top = frames_.back();
    top.text_chars += visible;
    top.commas += commas;
    if (link_depth_ > 0) top.link_chars += visible;
  }

  // Sites put these under name= or property= interchangeably; both count.
  void read_meta(const ElementAttributes& attrs) {
    for (std::string_view key : {trim(attrs.property), trim(attrs.name)}) {
      if (iequals(key, "og:title")) set_once(result_.og_title, attrs.content);
      else if (iequals(key, "description")) set_once(result_.meta_description, attrs.content);
      else if (iequals(key, "og:description")) set_once(result_.og_description, attrs.content);
      else if (iequals(key, "keywords") || iequals(key, "article:tag")) tags_.add_list(attrs.content);
    }
  }

  static void set_once(std::string& field, std::string_view content) {
    if (field.empty()) TextSink(field).text(content);
  }

  // Once the declared tags are full no link is read at all: a page of
  // thousands of tag links costs what one with thirty does.
  void read_tag_link(const xmlNode* node, const ElementAttributes& attrs) {
    if (tags_.full()) return;
    std::string_view slug = tag_slug_of_url(attrs.href);
    const bool rel_tag = rel_has_tag(attrs.rel);
    if (slug.empty() && !rel_tag) return;
    std::optional<std::string> text = tag_link_text(node);
    if (!text) return;
    if (!text->empty()) {
      tags_.add(*text);
    } else {
      // rel=tag names the tag by the URL's last segment (the microformat rule).
      tags_.add(decode_slug(slug.empty() ? last_path_segment(attrs.href) : slug));
    }
  }

  ContentCandidate& candidate_for(const xmlNode* element) {
    auto [it, inserted] = candidates_.try_emplace(element);
    if (inserted) {
      it->second.element = element;
      it->second.score = tag_bonus(view(element->name)) + class_weight(read_attributes(element));
    }
    return it->second;
  }

  void score_paragraph(const xmlNode* node, const Frame& frame) {
    double score = 1.0 + double(frame.commas) + std::min(double(frame.text_chars / 100), 3.0);
    const xmlNode* parent = node->parent;
    if (parent == nullptr || parent->type != XML_ELEMENT_NODE) return;
    candidate_for(parent).score += score;
    const xmlNode* grandparent = parent->parent;
    if (grandparent != nullptr && grandparent->type == XML_ELEMENT_NODE)
      candidate_for(grandparent).score += score / 2.0;
  }

  PageSurvey& result_;
  std::vector<Frame> frames_;
  std::unordered_map<const xmlNode*, ContentCandidate> candidates_;
  DeclaredTags tags_;
  WholeBodyForms whole_body_forms_;
  int dropped_depth_ = 0, tag_block_depth_ = 0, semantic_depth_ = 0, link_depth_ = 0;
};

}  // namespace

PageSurvey survey_page(const xmlDoc* doc) {
  PageSurvey result;
  if (doc == nullptr) return result;
  Surveyor surveyor(result);
  walk_descendants(reinterpret_cast<const xmlNode*>(doc), surveyor);
  surveyor.finish();
  return result;
}

}  // namespace tagwire::engine::html
