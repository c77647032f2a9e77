// Element kinds by tag name and the attribute rules for boilerplate.
#include "html/element_rules.h"

#include <array>
#include <unordered_map>

#include "html/ascii.h"

namespace tagwire::engine::html {
namespace {

std::string_view view(const xmlChar* s) {
  return s == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(s));
}

const std::unordered_map<std::string_view, std::uint32_t>& flags_by_name() {
  static const std::unordered_map<std::string_view, std::uint32_t> table = [] {
    std::unordered_map<std::string_view, std::uint32_t> t;
    for (std::string_view n : {"script", "style", "noscript", "template", "svg", "iframe", "object",
                               "embed", "canvas", "video", "audio", "select", "textarea", "math"})
      t[n] = kDropped | kNoChildren;
    t["head"] = kDropped;  // walked for <title>/<meta>, never part of the body text
    t["button"] = kDropped | kBlock;
    t["dialog"] = kDropped | kBlock;
    t["nav"] = kDropped | kBlock | kSideMatter;
    t["aside"] = kDropped | kBlock | kSideMatter;
    t["header"] = kDropped | kBlock | kPageChrome;
    t["footer"] = kDropped | kBlock | kPageChrome;
    t["form"] = kDropped | kBlock | kForm;
    for (std::string_view n : {"address", "caption", "center", "dd", "details", "dl", "dt",
                               "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
                               "h6", "hr", "legend", "li", "summary", "tbody", "tfoot", "thead",
                               "tr", "html", "option", "hgroup", "menu"})
      t[n] = kBlock;
    for (std::string_view n : {"ul", "ol", "table", "section"}) t[n] = kBlock | kLinkChecked;
    t["body"] = kBlock | kBody;
    t["div"] = kBlock | kLinkChecked | kDiv;
    t["p"] = kBlock | kParagraph | kLinkChecked;
    t["blockquote"] = kBlock | kParagraph;
    t["pre"] = kBlock | kParagraph | kPreformatted;
    t["td"] = kCell | kParagraph;
    t["th"] = kCell;
    t["article"] = kBlock | kSemanticMain;
    t["main"] = kBlock | kSemanticMain;
    t["a"] = kAnchor;
    t["br"] = kLineBreak;
    t["title"] = kTitle;
    t["meta"] = kMeta;
    return t;
  }();
  return table;
}

// Calls fn(part) for each lowercase word part of a class or id list; stops
// at the first part fn accepts. Parts longer than any word we look for are
// skipped, so a fixed buffer does (this runs for every element).
template <typename Fn>
bool any_word_part(std::string_view s, Fn fn) {
  constexpr std::size_t kLongestWord = 16;
  char part[kLongestWord];
  std::size_t length = 0;
  bool too_long = false;
  auto flush = [&] {
    bool hit = length > 0 && !too_long && fn(std::string_view(part, length));
    length = 0;
    too_long = false;
    return hit;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z';
    if (!lower && !upper && !(c >= '0' && c <= '9')) {
      if (flush()) return true;
      continue;
    }
    if (upper && i > 0 && s[i - 1] >= 'a' && s[i - 1] <= 'z' && flush()) return true;
    if (length == kLongestWord) too_long = true;
    else part[length++] = lower_ascii(c);
  }
  return flush();
}

template <std::size_t N>
bool is_one_of(std::string_view word, const std::array<std::string_view, N>& words) {
  for (std::string_view w : words)
    if (word == w) return true;
  return false;
}

constexpr std::array<std::string_view, 8> kCommentWords = {
    "comment", "comments", "commentlist", "disqus", "respond", "responses", "discussion", "replies"};

constexpr std::array<std::string_view, 12> kPositiveWords = {
    "article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog", "story",
    "prose"};

constexpr std::array<std::string_view, 24> kNegativeWords = {
    "comment", "comments", "footer", "footnote", "sidebar", "sponsor", "sponsored", "social",
    "share", "sharing", "widget", "related", "promo", "masthead", "menu", "nav", "banner", "ad",
    "ads", "advert", "breadcrumb", "subscribe", "newsletter", "cookie"};

}  // namespace

std::uint32_t element_flags(const xmlNode* element) {
  const auto& table = flags_by_name();
  auto it = table.find(view(element->name));
  return it == table.end() ? 0 : it->second;
}

ElementAttributes read_attributes(const xmlNode* element) {
  ElementAttributes a;
  for (const xmlAttr* attr = element->properties; attr != nullptr; attr = attr->next) {
    std::string_view name = view(attr->name);
    std::string_view value;
    if (attr->children != nullptr && attr->children->type == XML_TEXT_NODE)
      value = view(attr->children->content);
    if (name.size() < 2) continue;
    switch (name[0]) {
      case 'a':
        if (name == "aria-hidden") a.aria_hidden = value;
        break;
      case 'c':
        if (name == "class") a.cls = value;
        else if (name == "content") a.content = value;
        break;
      case 'h':
        if (name == "href") a.href = value;
        else if (name == "hidden") a.hidden = true;
        break;
      case 'i':
        if (name == "id") a.id = value;
        break;
      case 'n':
        if (name == "name") a.name = value;
        break;
      case 'p':
        if (name == "property") a.property = value;
        break;
      case 'r':
        if (name == "role") a.role = value;
        else if (name == "rel") a.rel = value;
        break;
      case 's':
        if (name == "style") a.style = value;
        break;
      default:
        break;
    }
  }
  return a;
}

bool is_hidden(const ElementAttributes& attrs) {
  if (attrs.hidden || iequals(trim(attrs.aria_hidden), "true")) return true;
  // Inline style: any "display: none" or "visibility: hidden" declaration.
  std::string_view style = attrs.style;
  while (!style.empty()) {
    std::size_t semicolon = style.find(';');
    std::string_view declaration = style.substr(0, semicolon);
    style = semicolon == std::string_view::npos ? std::string_view() : style.substr(semicolon + 1);
    std::size_t colon = declaration.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view property = trim(declaration.substr(0, colon));
    std::string_view value = trim(declaration.substr(colon + 1));
    if (std::size_t bang = value.find('!'); bang != std::string_view::npos)
      value = trim(value.substr(0, bang));  // "none !important"
    if ((iequals(property, "display") && iequals(value, "none")) ||
        (iequals(property, "visibility") && iequals(value, "hidden")))
      return true;
  }
  return false;
}

bool has_boilerplate_role(const ElementAttributes& attrs) {
  std::string_view r = trim(attrs.role);
  return iequals(r, "navigation") || iequals(r, "banner") || iequals(r, "contentinfo") ||
         iequals(r, "complementary") || iequals(r, "search") || iequals(r, "dialog");
}

bool has_main_role(const ElementAttributes& attrs) { return iequals(trim(attrs.role), "main"); }

bool names_comment_thread(const ElementAttributes& attrs) {
  auto is_comment_word = [](std::string_view w) { return is_one_of(w, kCommentWords); };
  return any_word_part(attrs.id, is_comment_word) || any_word_part(attrs.cls, is_comment_word);
}

AttributeSignals attribute_signals(const ElementAttributes& attrs) {
  AttributeSignals signals;
  signals.hidden = is_hidden(attrs);
  signals.boilerplate_role = has_boilerplate_role(attrs);
  signals.main_role = has_main_role(attrs);
  signals.comment_thread = names_comment_thread(attrs);
  return signals;
}

// A form that is the body's only content element (scripts aside): the
// page-wide form some frameworks wrap every page in.
bool wraps_whole_body(const xmlNode* form) {
  if (form->parent == nullptr || view(form->parent->name) != "body") return false;
  for (const xmlNode* sibling = form->parent->children; sibling != nullptr; sibling = sibling->next) {
    if (sibling == form || sibling->type != XML_ELEMENT_NODE) continue;
    if ((element_flags(sibling) & kNoChildren) == 0) return false;
  }
  return true;
}

bool is_boilerplate(const xmlNode* element, std::uint32_t flags, const AttributeSignals& signals) {
  if ((flags & kDropped) && !((flags & kForm) && wraps_whole_body(element))) return true;
  if (signals.hidden || signals.boilerplate_role) return true;
  // The page itself and its declared main block are never a comment thread,
  // whatever words a theme puts in their classes.
  if (!signals.comment_thread || (flags & kBody) || signals.main_role) return false;
  std::string_view name = view(element->name);
  return name != "main" && name != "html";
}

int class_weight(const ElementAttributes& attrs) {
  int weight = 0;
  for (std::string_view list : {attrs.cls, attrs.id}) {
    if (list.empty()) continue;
    if (any_word_part(list, [](std::string_view w) { return is_one_of(w, kNegativeWords); }))
      weight -= 25;
    if (any_word_part(list, [](std::string_view w) { return is_one_of(w, kPositiveWords); }))
      weight += 25;
  }
  return weight;
}

}  // namespace tagwire::engine::html
