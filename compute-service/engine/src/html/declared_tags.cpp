// Declared tags: rel=tag tokens, /tag/ URL slugs, comma lists, dedup in order.
#include "html/declared_tags.h"

#include <algorithm>

#include "html/ascii.h"
#include "html/charset_sniffer.h"
#include "tagwire/engine/extractor.h"

namespace tagwire::engine::html {
namespace {

// The path of a URL: scheme and authority dropped, query and fragment cut.
std::string_view url_path(std::string_view href) {
  href = trim(href);
  std::size_t cut = href.find_first_of("?#");
  if (cut != std::string_view::npos) href = href.substr(0, cut);
  std::size_t scheme = href.find("://");
  if (scheme != std::string_view::npos) {
    std::size_t path = href.find('/', scheme + 3);
    return path == std::string_view::npos ? std::string_view() : href.substr(path);
  }
  if (href.substr(0, 2) == "//") {  // scheme-relative
    std::size_t path = href.find('/', 2);
    return path == std::string_view::npos ? std::string_view() : href.substr(path);
  }
  return href;
}

// Calls fn(segment) for each non-empty '/'-separated segment; stops when fn
// returns true.
template <typename Fn>
void for_each_segment(std::string_view path, Fn fn) {
  std::size_t i = 0;
  while (i <= path.size()) {
    std::size_t end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(i, end - i);
    if (!segment.empty() && fn(segment)) return;
    i = end + 1;
  }
}

// `raw` as valid UTF-8 without control characters, as article.h promises:
// a decoded slug is any bytes ("caf%E9%00x" from a Latin-1 URL is "caf\xE9"
// then a NUL), and a NUL or a stray byte in a tag breaks every reader
// downstream. Ill-formed sequences become U+FFFD; C0 controls (whitespace
// aside: normalize_tag reads it as a space), DEL and C1 controls are dropped.
std::string printable_utf8(std::string_view raw) {
  const std::string text = is_valid_utf8(raw) ? std::string(raw) : repair_utf8(raw);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte < 0x20 && !is_space(text[i])) || byte == 0x7F) continue;
    // Valid UTF-8, so 0xC2 is followed by 0x80..0xBF; 0x80..0x9F is a C1 control.
    if (byte == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      ++i;
      continue;
    }
    out += text[i];
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = lower_ascii(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

bool rel_has_tag(std::string_view rel) {
  std::size_t i = 0;
  while (i < rel.size()) {
    while (i < rel.size() && is_space(rel[i])) ++i;
    std::size_t start = i;
    while (i < rel.size() && !is_space(rel[i])) ++i;
    if (iequals(rel.substr(start, i - start), "tag")) return true;
  }
  return false;
}

std::string_view tag_slug_of_url(std::string_view href) {
  std::string_view slug;
  bool after_tag = false;
  for_each_segment(url_path(href), [&](std::string_view segment) {
    if (after_tag) {
      slug = segment;
      return true;
    }
    after_tag = iequals(segment, "tag") || iequals(segment, "tags");
    return false;
  });
  return slug;
}

std::string_view last_path_segment(std::string_view href) {
  std::string_view last;
  for_each_segment(url_path(href), [&](std::string_view segment) {
    last = segment;
    return false;
  });
  return last;
}

std::string decode_slug(std::string_view slug) {
  std::string out;
  out.reserve(slug.size());
  for (std::size_t i = 0; i < slug.size(); ++i) {
    if (slug[i] == '+') {
      out += ' ';
    } else if (slug[i] == '%' && i + 2 < slug.size() && hex_value(slug[i + 1]) >= 0 &&
               hex_value(slug[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(slug[i + 1]) * 16 + hex_value(slug[i + 2]));
      i += 2;
    } else {
      out += slug[i];
    }
  }
  return out;
}

bool DeclaredTags::full() const { return tags_.size() >= kMaxDeclaredTags; }

void DeclaredTags::add(std::string_view raw) {
  if (full()) return;
  raw = trim(raw);
  while (!raw.empty() && raw.front() == '#') raw.remove_prefix(1);  // "#javascript" hashtags
  std::string tag = normalize_tag(printable_utf8(raw));
  if (tag.empty() || tag.size() > kMaxTagBytes) return;
  if (std::find(tags_.begin(), tags_.end(), tag) != tags_.end()) return;
  tags_.push_back(std::move(tag));
}

void DeclaredTags::add_list(std::string_view comma_separated) {
  std::size_t i = 0;
  while (i <= comma_separated.size() && !full()) {
    std::size_t end = comma_separated.find(',', i);
    if (end == std::string_view::npos) end = comma_separated.size();
    add(comma_separated.substr(i, end - i));
    i = end + 1;
  }
}

}  // namespace tagwire::engine::html
