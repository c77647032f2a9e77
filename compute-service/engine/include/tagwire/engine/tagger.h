// The tagger's two stages, exposed separately so a benchmark can time them:
//
//   analyze_text    ("tag" stage)  Article → tokens, sentences, parts of speech,
//                                  noun-phrase candidates
//   rank_candidates ("rank" stage) Analysis → the best inferred tags, scored
//
// Both are pure functions of their inputs (the Lexicon is read-only), safe to
// call from many threads at once, and deterministic: the same input gives the
// same output, ties broken by the tag's string. Neither can fail: empty or odd
// text gives an empty result.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tagwire/engine/article.h"
#include "tagwire/engine/lexicon.h"
#include "tagwire/engine/tag.h"
#include "tagwire/engine/text.h"

namespace tagwire::engine {

enum class PosTag : uint8_t {
  kNoun,
  kProperNoun,
  kVerb,
  kAdjective,
  kAdverb,
  kDeterminer,
  kPronoun,
  kPreposition,
  kConjunction,
  kAuxiliary,   // be, have, do and the modals
  kParticle,    // "to" before a verb, "not"
  kPossessive,  // 's
  kNumber,
  kInterjection,
  kPunct,
  kSymbol,
};

const char* pos_tag_name(PosTag tag);

// Where a token came from: the page's title, its description or its body.
enum class Zone : uint8_t { kTitle, kDescription, kBody };

// One place where a noun phrase occurs: tokens [begin, end) of the Analysis.
struct PhraseOccurrence {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t sentence = 0;
};

struct Analysis {
  std::vector<Token> tokens;           // title, then description, then body
  std::vector<Zone> zones;             // per token
  std::vector<PosTag> pos;             // per token
  // Per token: the form used in tags: common nouns singular by morphy
  // ("meetings" → "meeting"); verbs and adjectives WordNet knows, their base
  // form ("played" → "play"); everything else lowercase as written.
  std::vector<std::string> lemmas;
  std::vector<SentenceSpan> sentences;  // over `tokens`; never span two zones
  // Maximal noun phrases, adjective* noun+ (proper nouns included), at most
  // kMaxPhraseWords words, neither starting nor ending with a stop word.
  std::vector<PhraseOccurrence> phrases;
};

constexpr uint32_t kMaxPhraseWords = 4;

// The most body text the tagger analyzes: a deliberate bound, so that the
// time and memory a page costs stay bounded whatever its size. A longer body
// is tagged from its beginning, cut at the last whitespace within the bound
// so that no word is split; where the last kilobyte before the bound holds
// no whitespace (Chinese or Japanese text, written without spaces), it is
// cut at the last whole UTF-8 character instead. 600 KB is about 100,000
// English words, far longer than any article.
constexpr size_t kMaxAnalyzedBodyBytes = 600 * 1000;

// The "tag" stage. Analyzes the title, the description and the body's first
// kMaxAnalyzedBodyBytes.
Analysis analyze_text(const Article& article, const Lexicon& lexicon);

// Scoring features that can be switched off, to measure what each brings
// (docs/quality.md has the table). All on by default. The environment
// variable TAGWIRE_RANK_ABLATE, a comma-separated list of these names, sets
// the default of every RankOptions made in the process (read once).
struct RankAblation {
  bool position = false;     // earlier first occurrence scores higher
  bool title = false;        // title / description bonus
  bool specificity = false;  // general-English commonness penalty (WordNet tagged-sense counts)
  bool frequency = false;    // how often the text uses the phrase
  bool length = false;       // phrase-led: the weight of phrases of several words
  bool absorb = false;       // sub-phrases mostly seen inside a longer phrase give way to it
  bool dedup = false;        // a phrase inside (or around) a kept tag is not kept too
  bool time_words = false;   // tags made only of time words ("friday", "last year") are dropped
  bool names = false;        // a name-heavy short text is ranked word-led
  bool short_text = false;   // never rank phrase-led (every text word-led)
  bool long_text = false;    // always rank phrase-led (every text phrase-led)
  bool narrative = false;    // narrative markers ("said", "she", "friday") do not make a short text word-led
  bool acronyms = false;     // words in capitals count as names in the name share
  bool phrase_discount = false;  // word-led: phrases of several common words are not weighted down
  bool lone_stop_words = false;  // a lone phrase stop word or abbreviation ("new", "sen", "st") may be a tag
  bool word_family = false;  // word-led: a word's use is its occurrences, not the sentences using it in any class
  bool verbs = false;        // word-led: no verb (by its base form) is a candidate
  bool word_length = false;  // word-led: longer words are not weighed up (informativeness)

  static const RankAblation& from_environment();
};

struct RankOptions {
  size_t limit = 10;  // inferred tags wanted
  RankAblation ablate = RankAblation::from_environment();
};

// Why a candidate got its score: features as the ranker saw them.
struct CandidateFeatures {
  std::string phrase;
  uint32_t words = 0;
  uint32_t frequency = 0;      // occurrences, standalone or inside longer phrases
  uint32_t sentences = 0;      // word-led, one word: sentences using it in any open class (0: not counted)
  bool verb = false;           // word-led: a verb's base form ("arrest" of "arrested"), not a noun phrase
  uint32_t first_token = 0;    // index in the Analysis of the first occurrence
  bool in_title = false;
  bool in_description = false;
  bool proper = false;         // all its words are proper nouns
  double spread = 0.0;         // (last - first occurrence) / tokens, in [0, 1]
  double specificity = 0.0;    // low for common English words ("thing", "way"), in (0, 1]
  double informativeness = 0.0;  // word-led: (mean letters per word / 12)², in (0, 1]; 0 phrase-led
  double score = 0.0;
  bool kept = false;           // among the tags returned
};

struct Explanation {
  std::vector<CandidateFeatures> candidates;  // best first
};

// The "rank" stage: the best inferred tags, best first, lowercase, unique,
// each at most kMaxTagBytes (common/tag_text.h), scores in (0, 1], source
// kInferred. Fills `explain` when given.
std::vector<Tag> rank_candidates(const Analysis& analysis, const Lexicon& lexicon, const RankOptions& options,
                                 Explanation* explain = nullptr);

}  // namespace tagwire::engine
