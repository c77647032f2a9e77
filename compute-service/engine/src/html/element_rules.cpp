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

enum class PartChar : unsigned char { kNone, kLower, kUpper, kDigit };

// PartChar of every byte, so the scan below costs one load per byte.
const auto kPartChars = [] {
  std::array<PartChar, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = PartChar::kLower;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = PartChar::kUpper;
  for (int c = '0'; c <= '9'; ++c) t[c] = PartChar::kDigit;
  return t;
}();

// A list of lowercase words and a bit per word length (bit k: some word has
// k letters), so most parts of a class list fail on length alone.
template <std::size_t N>
struct WordSet {
  std::array<std::string_view, N> words;
  std::uint64_t lengths = 0;

  constexpr explicit WordSet(const std::array<std::string_view, N>& list) : words(list) {
    for (std::string_view w : words) lengths |= std::uint64_t{1} << w.size();
  }
  bool contains(std::string_view part) const {
    if (part.size() >= 64 || ((lengths >> part.size()) & 1) == 0) return false;
    for (std::string_view w : words)
      if (part.size() == w.size() && iequals(part, w)) return true;
    return false;
  }
};

constexpr WordSet<8> kCommentWords(std::array<std::string_view, 8>{
    "comment", "comments", "commentlist", "disqus", "respond", "responses", "discussion", "replies"});

constexpr WordSet<12> kPositiveWords(std::array<std::string_view, 12>{
    "article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog", "story",
    "prose"});

constexpr WordSet<24> kNegativeWords(std::array<std::string_view, 24>{
    "comment", "comments", "footer", "footnote", "sidebar", "sponsor", "sponsored", "social",
    "share", "sharing", "widget", "related", "promo", "masthead", "menu", "nav", "banner", "ad",
    "ads", "advert", "breadcrumb", "subscribe", "newsletter", "cookie"});

// Whether any word part of a class or id list, read case-insensitively,
// is one of `words` (all lowercase). Parts are runs of ASCII letters and
// digits, also split where a lowercase letter meets an uppercase one
// ("commentList" is "comment" and "list"). This runs for every element, so
// parts are compared in place, never copied.
template <std::size_t N>
bool has_word_part(std::string_view s, const WordSet<N>& words) {
  auto kind = [&](std::size_t i) { return kPartChars[static_cast<unsigned char>(s[i])]; };
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    if (kind(i) == PartChar::kNone) {
      ++i;
      continue;
    }
    const std::size_t begin = i;
    PartChar previous = kind(i++);
    while (i < n) {
      const PartChar k = kind(i);
      if (k == PartChar::kNone || (k == PartChar::kUpper && previous == PartChar::kLower)) break;
      previous = k;
      ++i;
    }
    if (words.contains(s.substr(begin, i - begin))) return true;
  }
  return false;
}

// The one element child of `body` that can hold content (kNoChildren ones
// such as scripts and styles aside), or null if there is none or several.
const xmlNode* sole_content_child(const xmlNode* body) {
  const xmlNode* sole = nullptr;
  for (const xmlNode* child = body->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE || (element_flags(child) & kNoChildren)) continue;
    if (sole != nullptr) return nullptr;
    sole = child;
  }
  return sole;
}

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
  return has_word_part(attrs.id, kCommentWords) || has_word_part(attrs.cls, kCommentWords);
}

AttributeSignals attribute_signals(const ElementAttributes& attrs) {
  AttributeSignals signals;
  signals.hidden = is_hidden(attrs);
  signals.boilerplate_role = has_boilerplate_role(attrs);
  signals.main_role = has_main_role(attrs);
  signals.comment_thread = names_comment_thread(attrs);
  return signals;
}

bool WholeBodyForms::contains(const xmlNode* form) {
  const xmlNode* parent = form->parent;
  if (parent == nullptr || parent->type != XML_ELEMENT_NODE || view(parent->name) != "body") return false;
  auto [it, inserted] = sole_content_.try_emplace(parent, nullptr);
  if (inserted) it->second = sole_content_child(parent);
  return it->second == form;
}

bool is_boilerplate(const xmlNode* element, std::uint32_t flags, const AttributeSignals& signals,
                    WholeBodyForms& whole_body_forms) {
  if ((flags & kDropped) && !((flags & kForm) && whole_body_forms.contains(element))) return true;
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
    if (has_word_part(list, kNegativeWords)) weight -= 25;
    if (has_word_part(list, kPositiveWords)) weight += 25;
  }
  return weight;
}

}  // namespace tagwire::engine::html
