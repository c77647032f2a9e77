// Body text writing: block boundaries, pre newlines, link-density pruning.
#include "html/body_writer.h"

#include <vector>

#include "html/element_rules.h"
#include "html/text_sink.h"
#include "html/tree_walk.h"

namespace tagwire::engine::html {
namespace {

// A container whose visible text is more than half link text is a menu, a
// link list or a "read next" box, not prose.
constexpr std::size_t kLinkDensityDenominator = 2;

std::string_view view(const xmlChar* s) {
  return s == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(s));
}

class BodyWriter {
 public:
  explicit BodyWriter(std::string& out) : sink_(out) { frames_.reserve(64); }

  bool enter(const xmlNode* node) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      write_text(view(node->content));
      return false;
    }
    if (node->type != XML_ELEMENT_NODE) return false;
    const std::uint32_t flags = element_flags(node);
    // Every element gets a frame because leave() comes for skipped ones too.
    Frame frame{flags, sink_.mark(), 0, 0, false};
    if (is_boilerplate(node, flags, attribute_signals(read_attributes(node)), whole_body_forms_)) {
      frame.skipped = true;
      frames_.push_back(frame);
      return false;
    }
    if (flags & (kBlock | kLineBreak)) sink_.line_break();
    if (flags & kCell) sink_.space();
    if (flags & kPreformatted) ++pre_depth_;
    if (flags & kAnchor) ++link_depth_;
    frame.mark = sink_.mark();
    frames_.push_back(frame);
    return true;
  }

  void leave(const xmlNode* node) {
    if (node->type != XML_ELEMENT_NODE) return;
    Frame frame = frames_.back();
    frames_.pop_back();
    if (frame.skipped) return;
    if (frame.flags & kPreformatted) --pre_depth_;
    if (frame.flags & kAnchor) --link_depth_;
    if (frame.flags & kBlock) sink_.line_break();
    if (frame.flags & kCell) sink_.space();
    if ((frame.flags & kLinkChecked) && frame.text_chars > 0 &&
        frame.link_chars * kLinkDensityDenominator > frame.text_chars) {
      sink_.rewind(frame.mark);
      sink_.line_break();
      return;  // its text is gone, so it does not count for the parent either
    }
    if (!frames_.empty()) {
      frames_.back().text_chars += frame.text_chars;
      frames_.back().link_chars += frame.link_chars;
    }
  }

 private:
  struct Frame {
    std::uint32_t flags;
    TextSink::Mark mark;
    std::size_t text_chars, link_chars;
    bool skipped;
  };

  void write_text(std::string_view s) {
    std::size_t visible = 0;
    if (pre_depth_ > 0) {
      // In <pre> every source line is a line of the body.
      std::size_t start = 0;
      for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i < s.size() && s[i] != '\n') continue;
        sink_.text(s.substr(start, i - start));
        if (i < s.size()) sink_.line_break();
        start = i + 1;
      }
      for (char c : s) visible += !is_space(c);
    } else {
      for (char c : s) visible += !is_space(c);
      sink_.text(s);
    }
    if (frames_.empty()) return;
    frames_.back().text_chars += visible;
    if (link_depth_ > 0) frames_.back().link_chars += visible;
  }

  TextSink sink_;
  WholeBodyForms whole_body_forms_;
  std::vector<Frame> frames_;
  int pre_depth_ = 0, link_depth_ = 0;
};

}  // namespace

std::string write_body(const xmlNode* root, std::size_t size_hint) {
  std::string out;
  out.reserve(size_hint);
  BodyWriter writer(out);
  walk_descendants(root, writer);
  return out;
}

}  // namespace tagwire::engine::html
