// Tag spelling shared by the engine (which writes tags) and the API (which
// looks them up): one definition, so urls(tag) finds every tag tags(url) returned.
//
// normalize_tag is how every tag is spelled; tag_key is the looser form the tag
// index files tags under, so a query in another case, slug form or number
// ("Honey-Bees") finds the tag as spelled ("honey bee" or "honey bees").
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tagwire {

// The longest tag, in bytes, after normalize_tag. The engine drops longer
// declared tags and the API refuses longer queries, so any tag a page is
// filed under can also be asked for.
inline constexpr std::size_t kMaxTagBytes = 200;

// Lowercased (ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic letters),
// '-' and '_' read as spaces, runs of whitespace (incl. no-break and other
// Unicode spaces) collapsed to one space, trimmed. Bytes that are not UTF-8 are
// kept as they are. "Web-Development" -> "web development".
std::string normalize_tag(std::string_view raw);

// The singular of one lowercase English noun by suffix rules ("meetings" ->
// "meeting", "cities" -> "city", "boxes" -> "box"); words that only look plural
// come back unchanged ("news", "bus", "analysis"). Not a lemmatizer: it needs
// no dictionary, and both sides of a lookup apply the same rules, so where it
// is wrong ("james" -> "jame") it is wrong the same way for both.
std::string singular_noun(std::string_view word);

// normalize_tag with every word made singular: the key the tag index stores
// each tag under and looks each query up by. Empty when `tag` holds no word.
std::string tag_key(std::string_view tag);

}  // namespace tagwire
