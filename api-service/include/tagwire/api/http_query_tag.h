// normalize_query_tag: turns the tag a client asks about ("Sourdough-Starters",
// "MEETINGS") into the form the engine stores inferred tags in ("sourdough
// starter", "meeting"), so urls(tag) finds what tags(url) wrote;
// spelled_query_tag gives the form declared tags are stored in.
//
// The engine spells every tag by lowercasing, turning slug separators '-' and
// '_' into spaces, trimming and collapsing spaces (engine::normalize_tag);
// inferred tags are noun phrases whose words WordNet's morphy lemmatized. The API does not load WordNet (tens of MB and ~0.1 s for one
// lookup per request), so the plural-to-singular step here is a small set of
// English suffix rules plus a list of words that look plural but are not.
// Where morphy would consult its exception lists ("children" -> "child",
// "analyses" -> "analysis") these rules differ; such tags are then found only
// under their stored form. A shared function in common/ used by both sides would
// remove the gap (see api-service/README.md).
//
// Thread safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace tagwire::api {

// Longest tag accepted in a query, in bytes (after trimming).
inline constexpr std::size_t kMaxQueryTagLength = 200;

// The tag as the engine spells any tag (engine::normalize_tag): lowercase,
// '-' and '_' read as spaces, spaces collapsed and trimmed; no lemmatizing.
// Declared tags (<meta name="keywords">, rel="tag" links) are stored so.
// Only ASCII letters are lowercased here; the engine also lowercases Latin-1,
// Latin Extended-A, Greek and Cyrillic letters.
std::string spelled_query_tag(std::string_view tag);

// spelled_query_tag with every word made singular (singular_noun): the form
// inferred tags are stored in, which WordNet lemmatized. Empty when `tag`
// holds no word.
std::string normalize_query_tag(std::string_view tag);

// The singular of one lowercase English noun by suffix rules ("meetings" ->
// "meeting", "cities" -> "city", "boxes" -> "box", "glasses" -> "glass");
// words that are not plurals come back unchanged ("news", "bus", "analysis").
std::string singular_noun(std::string_view word);

}  // namespace tagwire::api
