// General-English word lists: closed-class words with their part of speech,
// phrase stop words, abbreviations, and web-page boilerplate words.
//
// The lists are written by hand from English grammar and from what web page
// chrome says ("share", "sign in"); none is derived from any evaluation data.
// All lookups take lowercase text and are safe from any thread.
#pragma once

#include <optional>
#include <string_view>

#include "tagwire/engine/tagger.h"

namespace tagwire::engine::words {

// The part of speech of a closed-class word ("the" → determiner), if it is one.
std::optional<PosTag> closed_class(std::string_view lower);

// Words a tag never starts or ends with although they may be adjectives or
// nouns ("other", "several", "lot", "kind").
bool is_phrase_stop_word(std::string_view lower);

// The phrase stop words that are not closed-class words: is_phrase_stop_word
// is this or closed_class, for a caller that has closed_class already.
bool in_phrase_stop_list(std::string_view lower);

// Words of dates and time spans ("friday", "march", "year", "last"): a tag
// made only of them names a date, not a topic.
bool is_time_word(std::string_view lower);

// Spelled-out numbers and ordinals ("sixteen", "first"): the first part of a
// measure compound such as "sixteen-week", which modifies rather than names.
bool is_count_word(std::string_view lower);

// Words that mark a story about people and days: reported speech ("said"),
// "he"/"she" and their forms, names of days and months.
bool is_narrative_marker(std::string_view lower);

// Abbreviations after which a '.' does not end a sentence ("mr", "e.g", "inc").
bool is_abbreviation(std::string_view lower);

// Page chrome that is never a topic ("share", "follow", "sign in", "min read").
bool is_boilerplate(std::string_view tag);

}  // namespace tagwire::engine::words
