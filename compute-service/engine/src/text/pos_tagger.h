// Part-of-speech tagging of one sentence: WordNet candidates, closed-class
// lists and left-to-right context rules. Deterministic; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "tagwire/engine/lexicon.h"
#include "tagwire/engine/tagger.h"
#include "tagwire/engine/text.h"

namespace tagwire::engine {

// Tags tokens[span.begin, span.end) into pos[], and writes lemmas[] (common
// nouns singular, other words lowercase). In a Title Case heading (no closing
// period, most words capitalized) capitals are not read as names.
void tag_sentence(const std::vector<Token>& tokens, SentenceSpan span, const Lexicon& lexicon,
                  std::vector<PosTag>& pos, std::vector<std::string>& lemmas);

// The singular of a common noun: morphy's base form when WordNet knows the
// word, else English plural rules ("apps" → "app", "libraries" → "library").
std::string singular_noun(const std::string& lower, const Lexicon& lexicon);

}  // namespace tagwire::engine
