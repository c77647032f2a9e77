// The "rank" stage: noun-phrase occurrences → scored, de-duplicated tags.
//
// Candidates are the maximal noun phrases and every sub-phrase of one that
// ends on its nouns (so "web page" also yields "page"). A text is ranked one
// of two ways (is_phrase_led):
//   word-led (long texts, and short name-heavy ones such as news items): how
//     much the document uses the candidate, how long its words are (longer
//     words say more), where it first appears and whether the title or
//     description names it, and how specific its words are in general
//     English (WordNet tagged-corpus counts: "thing", "way" are common, so
//     they score low). A word co-occurrence graph centrality
//     (PositionRank-like) was measured neutral and removed (docs/quality.md);
//   phrase-led (short texts about concepts, such as abstracts): the sum of its
//     words' specificities, phrases of several words weighted up, times the
//     same position and title factors.
// Near-duplicates (one phrase inside another) keep only the better one; tags
// made only of time words ("friday", "last year") are dropped, and no phrase
// longer than kMaxTagBytes (common/tag_text.h) is a candidate at all. Each
// feature can be switched off (RankAblation) to measure what it brings.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <string_view>
#include <unordered_map>

#include "tagwire/common/tag_text.h"
#include "tagwire/engine/tagger.h"
#include "text/inflection.h"
#include "text/utf8.h"
#include "text/word_lists.h"

namespace tagwire::engine {
namespace {

// Tokens in WordNet's sense-tagged corpus (SemCor), the denominator of the
// general-English specificity figure.
constexpr double kTaggedCorpusTokens = 226000.0;
// A text of fewer tokens than this (title and body, punctuation included)
// whose nouns are less than kNameHeavyShare names is ranked phrase-led; see
// is_phrase_led and docs/quality.md.
constexpr size_t kShortTextTokens = 300;
constexpr double kNameHeavyShare = 0.3;
// A short text with this many narrative markers (words::is_narrative_marker)
// is a story: word-led.
constexpr size_t kNarrativeMarkers = 2;
// Phrase-led, a phrase of several words weighs this much more than the sum
// of its words would.
constexpr double kPhraseLedWeight = 5.0;
// Word-led, a phrase of several common words weighs this much of what its use
// alone would give: the words a story keeps coming back to are its topics, and
// such a phrase is one narrower use of its head word ("heat stress" of
// "stress"). A name of several words is one unit ("Maria Lopez"), not a
// narrower "Lopez", and keeps its full weight (docs/quality.md).
constexpr double kWordLedPhraseWeight = 0.4;
// Word-led, a verb (count_word_family) weighs this much, times its
// specificity once more, of what its use would give a noun: only a specific
// event the story keeps coming back to ("arrest", "plead", "acquit") gets in,
// never an everyday verb ("use", "keep", "build", nor, long as it is,
// "understand"; docs/quality.md).
constexpr double kWordLedVerbWeight = 0.1;
// Word-led, a candidate weighs (letters / kLongWordLetters)², letters being
// the mean length of its words, at most kLongWordLetters: longer words carry
// more information (word length tracks a word's information content better
// than its frequency does: Piantadosi, Tily and Gibson, PNAS 2011), so
// "unemployment" says more about a story than "job". On the news keyphrase
// set, the share of a story's words its readers chose as keyphrases rises
// steadily with length at every frequency (docs/quality.md). A token that is
// no ordinary word (a host name, code, an acronym in capitals: "css",
// "node.js") counts kOddTokenLetters whatever its length.
constexpr double kLongWordLetters = 12.0;
constexpr double kOddTokenLetters = 5.0;
// Position factor 1/sqrt(1 + kPositionDecay * first occurrence / tokens): a
// word first seen at the end of a text weighs about 0.3 of one in its title.
constexpr double kPositionDecay = 10.0;
// Zone factor 1 + kTitleBonus (in the title) + kDescriptionBonus (in the
// page's description).
constexpr double kTitleBonus = 1.0;
constexpr double kDescriptionBonus = 0.5;
// A sub-phrase is absorbed by a longer candidate holding at least this share
// of its occurrences (drop_absorbed).
constexpr uint32_t kAbsorbNumerator = 2;
constexpr uint32_t kAbsorbDenominator = 3;
// Scores are divided by the best one; none is rounded down to 0.
constexpr double kMinNormalizedScore = 1e-6;

// A phrase as the ids of its words (see WordTable), at most kMaxPhraseWords.
struct PhraseKey {
  std::array<uint32_t, kMaxPhraseWords> ids{};
  uint32_t size = 0;
  bool operator==(const PhraseKey&) const = default;
};

struct PhraseKeyHash {
  size_t operator()(const PhraseKey& k) const {
    uint64_t h = k.size;
    for (uint32_t i = 0; i < k.size; ++i) h = (h ^ k.ids[i]) * 0x9E3779B97F4A7C15ULL;
    return static_cast<size_t>(h ^ (h >> 29));
  }
};

// The distinct word forms of a document's phrases, each with a dense id, so
// that candidates are keyed and compared by small integers instead of joined
// strings. Views point into the Analysis, which outlives the ranking.
class WordTable {
 public:
  uint32_t intern(std::string_view word) {
    auto [it, added] = ids_.try_emplace(word, static_cast<uint32_t>(words_.size()));
    if (added) words_.push_back(word);
    return it->second;
  }
  // The id of `word`, or UINT32_MAX when no phrase holds it.
  uint32_t find(std::string_view word) const {
    auto it = ids_.find(word);
    return it == ids_.end() ? UINT32_MAX : it->second;
  }
  std::string_view word(uint32_t id) const { return words_[id]; }
  size_t size() const { return words_.size(); }

 private:
  std::unordered_map<std::string_view, uint32_t> ids_;
  std::vector<std::string_view> words_;
};

struct Candidate {
  PhraseKey key;
  uint32_t frequency = 0;
  uint32_t maximal = 0;  // occurrences as a whole maximal phrase, not inside a longer one
  uint32_t first = UINT32_MAX;
  uint32_t last = 0;
  bool in_title = false;
  bool in_description = false;
  bool proper = true;
  bool absorbed = false;  // set by drop_absorbed
  // A one-word candidate, word-led: the sentences that use its word as any
  // open-class word ("play" the noun and "played" the verb); 0 until counted
  // (count_word_family).
  uint32_t sentences = 0;
  bool verb = false;  // a verb's base form, added by count_word_family (word-led only)
};

// Every candidate of a document, in first-seen order, with its index by key.
struct CandidateSet {
  WordTable words;
  std::vector<Candidate> list;
  std::unordered_map<PhraseKey, uint32_t, PhraseKeyHash> index;
  // Per token of the Analysis: the word id of its lemma when a phrase (or a
  // verb candidate) holds it, else UINT32_MAX (count_word_family reads it
  // instead of hashing again).
  std::vector<uint32_t> token_lemma;

  const Candidate* find(const PhraseKey& key) const {
    auto it = index.find(key);
    return it == index.end() ? nullptr : &list[it->second];
  }
  std::string phrase(const Candidate& c) const {
    std::string out;
    for (uint32_t i = 0; i < c.key.size; ++i) {
      if (i > 0) out += ' ';
      out += words.word(c.key.ids[i]);
    }
    return out;
  }
};

bool is_nominal(PosTag t) { return t == PosTag::kNoun || t == PosTag::kProperNoun; }

// What collect_candidates needs of a phrase token, looked up once per token
// rather than once per sub-phrase. Inside a phrase only the head noun is
// singularized ("sales tax" stays, "tax rates" → "tax rate"): lemma_id is
// used for a sub-phrase's last word, lower_id for the others.
struct PhraseToken {
  uint32_t lower_id = 0;
  uint32_t lemma_id = 0;
  bool edge_stop = false;  // a stop word that is not a name: no candidate starts or ends on it
};

void count_occurrence(CandidateSet& out, const Analysis& a, const std::vector<PhraseToken>& t, uint32_t first_token,
                      uint32_t begin, uint32_t end, bool maximal) {
  PhraseKey key;
  bool proper = true;
  for (uint32_t i = begin; i < end; ++i) {
    const PhraseToken& pt = t[i - first_token];
    key.ids[key.size++] = i + 1 == end ? pt.lemma_id : pt.lower_id;
    proper = proper && a.pos[i] == PosTag::kProperNoun;
  }
  auto [it, added] = out.index.try_emplace(key, static_cast<uint32_t>(out.list.size()));
  if (added) out.list.push_back(Candidate{.key = key});
  Candidate& c = out.list[it->second];
  ++c.frequency;
  if (maximal) ++c.maximal;
  c.first = std::min(c.first, begin);
  c.last = std::max(c.last, begin);
  c.in_title = c.in_title || a.zones[begin] == Zone::kTitle;
  c.in_description = c.in_description || a.zones[begin] == Zone::kDescription;
  c.proper = c.proper && proper;
}

CandidateSet collect_candidates(const Analysis& a) {
  CandidateSet out;
  out.token_lemma.assign(a.tokens.size(), UINT32_MAX);
  std::vector<PhraseToken> tokens;
  // Per word id: 1 for a phrase stop word, 0 if not, kUnknown until looked up.
  constexpr int8_t kUnknown = -1;
  std::vector<int8_t> stop_word;
  for (const PhraseOccurrence& p : a.phrases) {
    // Hand-built analyses may hold longer phrases: keep the head and its nearest modifiers.
    const uint32_t first = p.end - p.begin > kMaxPhraseWords ? p.end - kMaxPhraseWords : p.begin;
    tokens.clear();
    for (uint32_t i = first; i < p.end; ++i) {
      const uint32_t lower = out.words.intern(a.tokens[i].lower);
      if (lower >= stop_word.size()) stop_word.resize(lower + 1, kUnknown);
      if (stop_word[lower] == kUnknown) stop_word[lower] = words::is_phrase_stop_word(a.tokens[i].lower) ? 1 : 0;
      const bool edge_stop = a.pos[i] != PosTag::kProperNoun && stop_word[lower] == 1;
      const uint32_t lemma = out.words.intern(a.lemmas[i]);
      out.token_lemma[i] = lemma;
      tokens.push_back({lower, lemma, edge_stop});
    }
    for (uint32_t b = first; b < p.end; ++b) {
      if (tokens[b - first].edge_stop) continue;
      size_t modifier_bytes = 0;  // the words before the last one, each with its space
      for (uint32_t e = b + 1; e <= p.end; ++e) {
        if (e - 1 > b) modifier_bytes += out.words.word(tokens[e - 2 - first].lower_id).size() + 1;
        if (!is_nominal(a.pos[e - 1]) || tokens[e - 1 - first].edge_stop) continue;
        // A phrase longer than a tag may be is no candidate (four long words
        // of Cyrillic or Greek pass it), so it cannot absorb its shorter
        // sub-phrases either (drop_absorbed); they stay candidates.
        if (modifier_bytes + out.words.word(tokens[e - 1 - first].lemma_id).size() > kMaxTagBytes) continue;
        count_occurrence(out, a, tokens, first, b, e, b == p.begin && e == p.end);
      }
    }
  }
  return out;
}

// Word-led: a verb no noun candidate stands for ("arrested", "pleaded")
// becomes a candidate of its own, by its base form, counted at each use;
// reporting verbs ("said", "told") tell the story rather than say what it is
// about and are left out. Records each verb token's word id in token_lemma.
void add_verb_candidates(const Analysis& a, CandidateSet& candidates) {
  constexpr uint32_t kNone = UINT32_MAX;
  constexpr uint32_t kUnknown = UINT32_MAX - 1;
  std::vector<uint32_t> verb_of;  // per word id: its verb candidate, kNone if it may not be one
  for (uint32_t i = 0; i < a.tokens.size(); ++i) {
    if (a.pos[i] != PosTag::kVerb) continue;
    const uint32_t id = candidates.words.intern(a.lemmas[i]);
    candidates.token_lemma[i] = id;  // count_word_family reads it
    if (id >= verb_of.size()) verb_of.resize(candidates.words.size(), kUnknown);
    if (verb_of[id] == kUnknown) {
      verb_of[id] = kNone;
      const std::string_view lemma = candidates.words.word(id);
      PhraseKey key;
      key.ids[key.size++] = id;
      if (lemma.size() >= 3 && !words::is_narrative_marker(lemma) && candidates.find(key) == nullptr) {
        verb_of[id] = static_cast<uint32_t>(candidates.list.size());
        candidates.index.emplace(key, verb_of[id]);
        candidates.list.push_back(Candidate{.key = key, .proper = false, .verb = true});
      }
    }
    if (verb_of[id] == kNone) continue;  // a noun candidate already (or absorbed), or a reporting verb
    Candidate& c = candidates.list[verb_of[id]];
    ++c.frequency;
    ++c.maximal;
    c.first = std::min(c.first, i);
    c.last = std::max(c.last, i);
    c.in_title = c.in_title || a.zones[i] == Zone::kTitle;
    c.in_description = c.in_description || a.zones[i] == Zone::kDescription;
  }
}

// Word-led: how many sentences use each one-word candidate's word, in any
// open class: a story that keeps coming back to "attack" says "attacked" and
// "attacks" too, and a word said three times in one sentence is one mention.
// Nouns count by their singular, verbs and adjectives by morphy's first base
// form ("played" → "play", "bigger" → "big"), names as written.
void count_word_family(const Analysis& a, CandidateSet& candidates, bool add_verbs) {
  constexpr uint32_t kNone = UINT32_MAX;
  if (add_verbs) add_verb_candidates(a, candidates);
  // Per word id of the WordTable: the one-word candidate with that word, if any.
  std::vector<uint32_t> single(candidates.words.size(), kNone);
  for (uint32_t k = 0; k < candidates.list.size(); ++k) {
    const Candidate& c = candidates.list[k];
    if (c.key.size == 1 && !c.absorbed) single[c.key.ids[0]] = k;
  }
  std::vector<uint32_t> last_sentence(candidates.list.size(), kNone);
  for (uint32_t s = 0; s < a.sentences.size(); ++s) {
    for (uint32_t i = a.sentences[s].begin; i < a.sentences[s].end; ++i) {
      uint32_t k = kNone;
      switch (a.pos[i]) {
        case PosTag::kNoun:
        case PosTag::kProperNoun: {
          const uint32_t id = candidates.token_lemma[i];  // a noun outside every phrase counts for none
          k = id == kNone ? kNone : single[id];
          break;
        }
        case PosTag::kVerb:
        case PosTag::kAdjective: {
          // The base form (see tag_sentence), interned already when a phrase or a verb candidate holds it.
          uint32_t id = candidates.token_lemma[i];
          if (id == kNone) id = candidates.words.find(a.lemmas[i]);
          k = id == kNone ? kNone : single[id];
          break;
        }
        default: break;
      }
      if (k == kNone || last_sentence[k] == s) continue;
      last_sentence[k] = s;
      ++candidates.list[k].sentences;
    }
  }
}

// How specific a word is in general English: an inverse frequency over
// WordNet's tagged corpus, 1.0 for words WordNet never saw (names, jargon).
double word_specificity(std::string_view word, const Lexicon& lexicon) {
  const LemmaInfo* info = lexicon.find(word);
  const double count = info == nullptr ? 0.0 : static_cast<double>(info->tagged_total());
  return std::log(kTaggedCorpusTokens / (1.0 + count)) / std::log(kTaggedCorpusTokens);
}

// A short text (an abstract, a summary, a snippet) repeats few words, so how
// often a word comes back says little, and a text about concepts rather than
// people and places has its topics in its noun phrases: such a text is ranked
// phrase-led. A long text, or one full of names, or a story (it reports speech,
// says "he" or "she", names days: kNarrativeMarkers), shows its topics by the
// words and names it keeps coming back to: word-led. Words in capitals ("IEEE",
// "MPEG") are terms more often than people or places, so they do not count as
// names here.
bool is_phrase_led(const Analysis& a, const RankAblation& off) {
  if (off.short_text) return false;
  if (off.long_text) return true;
  if (a.tokens.size() >= kShortTextTokens) return false;
  size_t markers = 0;
  if (!off.narrative) {
    for (const Token& t : a.tokens) markers += t.kind == TokenKind::kWord && words::is_narrative_marker(t.lower) ? 1 : 0;
    if (markers >= kNarrativeMarkers) return false;
  }
  if (off.names) return true;
  size_t nouns = 0;
  size_t names = 0;
  for (size_t i = 0; i < a.pos.size(); ++i) {
    const PosTag t = a.pos[i];
    nouns += t == PosTag::kNoun || t == PosTag::kProperNoun ? 1 : 0;
    names += t == PosTag::kProperNoun && (off.acronyms || !a.tokens[i].all_caps) ? 1 : 0;
  }
  return static_cast<double>(names) < kNameHeavyShare * static_cast<double>(nouns);
}

// The context a candidate is scored in: the document's statistics and the switches.
struct ScoringContext {
  const Analysis& analysis;
  const Lexicon& lexicon;
  const CandidateSet& candidates;
  const RankAblation& off;
  bool phrase_led = false;
  // word_specificity per word id, looked up on first use (NaN until then).
  std::vector<double> specificity;

  double specificity_of(uint32_t id) {
    if (std::isnan(specificity[id])) specificity[id] = word_specificity(candidates.words.word(id), lexicon);
    return specificity[id];
  }
};

// True when the candidate's i-th word was written as an acronym where it
// first occurs ("HTTPS", "CSS"): in capitals and read as a name, which a word
// of a headline in capitals ("UNEMPLOYMENT FALLS") is not.
bool written_as_acronym(const Analysis& a, uint32_t first, uint32_t i) {
  const size_t token = static_cast<size_t>(first) + i;
  return token < a.tokens.size() && a.tokens[token].all_caps && a.pos[token] == PosTag::kProperNoun;
}

// How many letters a word counts for informativeness(): its letters (code
// points of the tokenizer's letter class), or kOddTokenLetters when it holds
// anything but letters, '-' and '\'' ("node.js", "es6", "c++", "™"), or is
// an acronym.
double informative_letters(std::string_view word, bool acronym) {
  if (acronym) return kOddTokenLetters;
  double letters = 0.0;
  for (size_t i = 0; i < word.size();) {
    size_t length = 1;
    const char32_t cp = utf8::decode(word, i, length);
    i += length;
    if (utf8::classify(cp) == utf8::CharClass::kLetter) {
      letters += 1.0;
    } else if (cp != '-' && cp != '\'') {
      return kOddTokenLetters;
    }
  }
  return letters;
}

// Word-led: (mean letters / kLongWordLetters)², see kLongWordLetters.
double informativeness(const Candidate& c, const ScoringContext& ctx) {
  double letters = 0.0;
  for (uint32_t i = 0; i < c.key.size; ++i) {
    letters += informative_letters(ctx.candidates.words.word(c.key.ids[i]),
                                   written_as_acronym(ctx.analysis, c.first, i));
  }
  const double mean = std::min(kLongWordLetters, letters / static_cast<double>(c.key.size));
  return (mean / kLongWordLetters) * (mean / kLongWordLetters);
}

// Phrase-led score: the sum of its words' specificities (an IDF with general
// English standing in for a reference corpus), so a phrase of content words
// outranks each of its words, times the square of their mean, which sinks
// phrases of common words ("single way"); phrases of several words weigh
// kPhraseLedWeight times more. The phrase's own frequency counts only as a
// square root: in a short text it says little (docs/quality.md). A word or
// phrase mostly seen inside a longer phrase counts for its standalone share.
double phrase_led_score(const Candidate& c, const ScoringContext& ctx, double specificity, double position,
                        double zones) {
  const double mean = ctx.off.specificity ? 1.0 : specificity;
  const double sum = mean * static_cast<double>(c.key.size);
  const double usage = ctx.off.frequency ? 1.0 : std::sqrt(static_cast<double>(c.frequency));
  const double standalone =
      ctx.off.absorb ? 1.0 : static_cast<double>(c.maximal) / static_cast<double>(std::max<uint32_t>(1, c.frequency));
  const double weight = c.key.size > 1 && !ctx.off.length ? kPhraseLedWeight : 1.0;
  return weight * sum * mean * mean * usage * standalone * position * zones;
}

CandidateFeatures features_of(const Candidate& c, ScoringContext& ctx) {
  const Analysis& a = ctx.analysis;
  const RankAblation& off = ctx.off;
  CandidateFeatures f;
  f.phrase = ctx.candidates.phrase(c);
  f.words = c.key.size;
  f.frequency = c.frequency;
  f.sentences = c.sentences;
  f.verb = c.verb;
  f.first_token = c.first;
  f.in_title = c.in_title;
  f.in_description = c.in_description;
  f.proper = c.proper;
  const double tokens = std::max<double>(1.0, static_cast<double>(a.tokens.size()));
  f.spread = static_cast<double>(c.last - c.first) / tokens;
  double spec = 0.0;
  for (uint32_t i = 0; i < c.key.size; ++i) spec += c.proper ? 1.0 : ctx.specificity_of(c.key.ids[i]);
  f.specificity = spec / static_cast<double>(c.key.size);
  const double position =
      off.position ? 1.0 : 1.0 / std::sqrt(1.0 + kPositionDecay * static_cast<double>(c.first) / tokens);
  const double zones =
      off.title ? 1.0 : 1.0 + (c.in_title ? kTitleBonus : 0.0) + (c.in_description ? kDescriptionBonus : 0.0);
  if (ctx.phrase_led) {
    f.score = phrase_led_score(c, ctx, f.specificity, position, zones);
    return f;
  }
  // Word-led: a phrase of several words gets no bonus for its length; it has
  // to earn its place by use, and unless it is a name weighs
  // kWordLedPhraseWeight of it (docs/quality.md has the variants measured).
  // Each use counts in full: a story's readers pick the words it keeps coming
  // back to, and a log-damped count ranked them worse (docs/quality.md).
  const uint32_t uses = c.sentences > 0 ? c.sentences : c.frequency;  // sentences: count_word_family
  const double usage = off.frequency ? 1.0 : static_cast<double>(uses);
  const double specificity = off.specificity ? 1.0 : f.specificity;
  f.informativeness = off.word_length ? 1.0 : informativeness(c, ctx);
  double weight = c.key.size > 1 && !c.proper && !off.phrase_discount ? kWordLedPhraseWeight : 1.0;
  if (c.verb) weight = kWordLedVerbWeight * specificity;
  f.score = weight * usage * f.informativeness * zones * position * specificity;
  return f;
}

// The candidate's words with their inflections folded away (inflection.h),
// except acronyms (written_as_acronym): "HTTPS" is no plural of "HTTP".
std::string inflection_key(const CandidateFeatures& f, const Analysis& analysis) {
  std::string key;
  std::size_t start = 0;
  for (uint32_t i = 0; start <= f.phrase.size(); ++i) {
    std::size_t end = f.phrase.find(' ', start);
    if (end == std::string::npos) end = f.phrase.size();
    const std::string_view word = std::string_view(f.phrase).substr(start, end - start);
    if (!key.empty()) key += ' ';
    key += written_as_acronym(analysis, f.first_token, i) ? std::string(word) : without_inflection(word);
    start = end + 1;
  }
  return key;
}

// True when every word of `inner` appears, in order and contiguous, in `outer`.
bool contains_phrase(const PhraseKey& outer, const PhraseKey& inner) {
  if (inner.size > outer.size) return false;
  for (size_t s = 0; s + inner.size <= outer.size; ++s) {
    if (std::equal(inner.ids.begin(), inner.ids.begin() + inner.size, outer.ids.begin() + s)) return true;
  }
  return false;
}

// A sub-phrase seen mostly inside one longer candidate ("san" inside "san
// francisco") is not a candidate of its own: the longer one stands for it.
// Marks first and drops after, so the order of candidates does not matter.
void drop_absorbed(CandidateSet& candidates) {
  std::vector<uint32_t> absorbed;
  for (const Candidate& c : candidates.list) {
    const uint32_t n = c.key.size;
    if (n < 2) continue;
    for (uint32_t b = 0; b < n; ++b) {
      for (uint32_t e = b + 1; e <= n; ++e) {
        if (e - b == n) continue;
        PhraseKey sub;
        for (uint32_t i = b; i < e; ++i) sub.ids[sub.size++] = c.key.ids[i];
        auto it = candidates.index.find(sub);
        if (it != candidates.index.end() &&
            kAbsorbDenominator * c.frequency >= kAbsorbNumerator * candidates.list[it->second].frequency) {
          absorbed.push_back(it->second);
        }
      }
    }
  }
  for (uint32_t k : absorbed) candidates.list[k].absorbed = true;
}

// Candidates that are never tags, however they score: one longer than
// kMaxTagBytes, a boilerplate word ("share", "sign in"), a lone one- or
// two-letter word ("de", "pt") unless written as an acronym ("UI", "JS"), a
// lone phrase stop word or abbreviation even capitalized (the "New" of "New
// York", the "Sen." of "Sen. Smith", the "St." of "St. Louis"), and a phrase
// made only of time words.
bool rejected_as_tag(const CandidateFeatures& f, const PhraseKey& key, const CandidateSet& candidates,
                     const RankAblation& off) {
  // No tag longer than the API files and looks up (collect_candidates keeps
  // such phrases out already; a verb's base form is checked here).
  if (f.phrase.size() > kMaxTagBytes) return true;
  if (f.score <= 0.0 || words::is_boilerplate(f.phrase)) return true;
  if (f.phrase.size() <= 2 && !f.proper) return true;
  if (!off.lone_stop_words && f.words == 1 && f.phrase.find('.') == std::string::npos &&
      (words::is_phrase_stop_word(f.phrase) || words::is_abbreviation(f.phrase))) {
    return true;
  }
  return !off.time_words && std::all_of(key.ids.begin(), key.ids.begin() + key.size, [&](uint32_t id) {
           return words::is_time_word(candidates.words.word(id));
         });
}

// The tags kept so far, for the near-duplicate filter: a phrase inside or
// around a kept one, or the same words inflected otherwise ("bones" after
// "bone", "banking" after "bank"), is no new tag.
class KeptTags {
 public:
  bool repeats(const PhraseKey& key, const std::string& inflection) const {
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (contains_phrase(*keys_[i], key) || contains_phrase(key, *keys_[i]) || inflections_[i] == inflection) {
        return true;
      }
    }
    return false;
  }
  void add(const PhraseKey& key, std::string inflection) {
    keys_.push_back(&key);
    inflections_.push_back(std::move(inflection));
  }

 private:
  std::vector<const PhraseKey*> keys_;  // into the CandidateSet, which outlives this
  std::vector<std::string> inflections_;
};

// Reads TAGWIRE_RANK_ABLATE, e.g. "title,position": names of RankAblation's switches.
RankAblation ablation_from(const char* spec) {
  RankAblation off;
  if (spec == nullptr) return off;
  const std::string_view all(spec);
  size_t start = 0;
  while (start <= all.size()) {
    const size_t comma = std::min(all.find(',', start), all.size());
    const std::string_view name = all.substr(start, comma - start);
    if (name == "position") off.position = true;
    if (name == "title") off.title = true;
    if (name == "specificity") off.specificity = true;
    if (name == "frequency") off.frequency = true;
    if (name == "length") off.length = true;
    if (name == "absorb") off.absorb = true;
    if (name == "dedup") off.dedup = true;
    if (name == "names") off.names = true;
    if (name == "time_words") off.time_words = true;
    if (name == "short_text") off.short_text = true;
    if (name == "long_text") off.long_text = true;
    if (name == "narrative") off.narrative = true;
    if (name == "acronyms") off.acronyms = true;
    if (name == "phrase_discount") off.phrase_discount = true;
    if (name == "lone_stop_words") off.lone_stop_words = true;
    if (name == "word_family") off.word_family = true;
    if (name == "verbs") off.verbs = true;
    if (name == "word_length") off.word_length = true;
    start = comma + 1;
  }
  return off;
}

}  // namespace

const RankAblation& RankAblation::from_environment() {
  // getenv once, before any thread could change the environment.
  static const RankAblation off = ablation_from(std::getenv("TAGWIRE_RANK_ABLATE"));
  return off;
}

std::vector<Tag> rank_candidates(const Analysis& analysis, const Lexicon& lexicon, const RankOptions& options,
                                 Explanation* explain) {
  const RankAblation& off = options.ablate;
  CandidateSet candidates = collect_candidates(analysis);
  if (!off.absorb) drop_absorbed(candidates);
  const bool phrase_led = is_phrase_led(analysis, off);
  if (!phrase_led && !off.word_family) count_word_family(analysis, candidates, !off.verbs);
  ScoringContext ctx{analysis, lexicon, candidates, off, phrase_led,
                     std::vector<double>(candidates.words.size(), std::nan(""))};
  std::vector<CandidateFeatures> scored;
  std::vector<const Candidate*> of;  // the candidate behind scored[k]
  scored.reserve(candidates.list.size());
  of.reserve(candidates.list.size());
  for (const Candidate& c : candidates.list) {
    if (c.absorbed) continue;
    scored.push_back(features_of(c, ctx));
    of.push_back(&c);
  }
  // Best first, ties by phrase; phrases are unique, so the order is total.
  std::vector<uint32_t> order(scored.size());
  for (uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    if (scored[x].score != scored[y].score) return scored[x].score > scored[y].score;
    return scored[x].phrase < scored[y].phrase;
  });

  std::vector<Tag> tags;
  KeptTags kept;
  for (uint32_t k : order) {
    if (tags.size() >= options.limit) break;
    CandidateFeatures& f = scored[k];
    const PhraseKey& key = of[k]->key;
    if (rejected_as_tag(f, key, candidates, off)) continue;
    std::string inflection = inflection_key(f, analysis);
    if (!off.dedup && kept.repeats(key, inflection)) continue;
    f.kept = true;
    kept.add(key, std::move(inflection));
    tags.push_back(Tag{f.phrase, f.score, TagSource::kInferred});
  }
  const double top = tags.empty() ? 1.0 : tags.front().score;
  for (Tag& t : tags) t.score = std::max(kMinNormalizedScore, t.score / top);
  if (explain != nullptr) {
    explain->candidates.clear();
    explain->candidates.reserve(order.size());
    for (uint32_t k : order) explain->candidates.push_back(std::move(scored[k]));
  }
  return tags;
}

}  // namespace tagwire::engine
