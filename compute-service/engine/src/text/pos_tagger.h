// Part-of-speech tagging of one sentence: WordNet candidates, closed-class
// lists and left-to-right context rules. Deterministic; thread-safe.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tagwire/engine/lexicon.h"
#include "tagwire/engine/tagger.h"
#include "tagwire/engine/text.h"

namespace tagwire::engine {

// Which open classes WordNet allows for a word, with its tagged-corpus counts.
struct ClassEvidence {
  std::array<bool, kWordClassCount> possible{};
  std::array<uint32_t, kWordClassCount> tagged{};
  // morphy's first base form per class ("played" → "play"), a view into the Lexicon.
  std::array<std::string_view, kWordClassCount> base{};
  bool any() const { return possible[0] || possible[1] || possible[2] || possible[3]; }
  bool can(WordClass c) const { return possible[static_cast<int>(c)]; }
  uint32_t count(WordClass c) const { return tagged[static_cast<int>(c)]; }
};

// One document's memo of what the tagger looks up per distinct lowercase
// word (word lists, WordNet classes, singular form): a word that comes back
// is looked up once. Keys view the caller's strings, which must outlive the
// memo and not move (the Analysis's tokens during analyze_text). Not
// thread-safe: one memo per document.
class WordMemo {
 public:
  // What is known of one distinct word; filled on first use.
  struct Facts {
    std::optional<PosTag> closed;  // words::closed_class
    bool phrase_stop = false;      // words::is_phrase_stop_word
    std::optional<ClassEvidence> classes;
    std::optional<std::string> singular;
    // Set by analyze_text's pass over capitalized words: the document writes
    // the word in lower case as a noun / capitalized mid-sentence in prose.
    bool lowercase_noun = false;
    bool name = false;
  };

  explicit WordMemo(const Lexicon& lexicon) : lexicon_(lexicon) {}

  const Lexicon& lexicon() const { return lexicon_; }
  // The facts of tokens[i].lower, found once per token index: `tokens` must be
  // the same vector on every call.
  Facts& of_token(const std::vector<Token>& tokens, uint32_t i);
  Facts& of_word(const std::string& lower);
  const ClassEvidence& classes(Facts& f, const std::string& lower);
  const std::string& singular(Facts& f, const std::string& lower);  // singular_noun, memoized

 private:
  const Lexicon& lexicon_;
  std::unordered_map<std::string_view, Facts> facts_;
  std::vector<Facts*> by_token_;
};

// Tags tokens[span.begin, span.end) into pos[], and writes lemmas[] (common
// nouns singular, verbs and adjectives WordNet knows their base form, other
// words lowercase). In a Title Case heading (no closing
// period, most words capitalized) capitals are not read as names.
void tag_sentence(const std::vector<Token>& tokens, SentenceSpan span, WordMemo& memo, std::vector<PosTag>& pos,
                  std::vector<std::string>& lemmas);

// The singular of a common noun: morphy's base form when WordNet knows the
// word, else English plural rules ("apps" → "app", "libraries" → "library").
std::string singular_noun(const std::string& lower, const Lexicon& lexicon);

}  // namespace tagwire::engine
