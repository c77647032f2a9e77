// The "rank" stage: noun-phrase occurrences → scored, de-duplicated tags.
//
// Candidates are the maximal noun phrases and every sub-phrase of one that
// ends on its nouns (so "web page" also yields "page"). A text is ranked one
// of two ways (is_phrase_led):
//   word-led (long texts, and short name-heavy ones such as news items): how
//     much the document uses the candidate (frequency, damped), where it first
//     appears and whether the title or description names it, how central its
//     words are in the document's word co-occurrence graph (PositionRank-like),
//     and how specific its words are in general English (WordNet tagged-corpus
//     counts: "thing", "way" are common, so they score low);
//   phrase-led (short texts about concepts, such as abstracts): the sum of its
//     words' specificities, phrases of several words weighted up, times the
//     same position and title factors.
// Near-duplicates (one phrase inside another) keep only the better one; tags
// made only of time words ("friday", "last year") are dropped. Each feature
// can be switched off (RankAblation) to measure what it brings.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string_view>
#include <unordered_map>

#include "tagwire/engine/tagger.h"
#include "text/word_lists.h"

namespace tagwire::engine {
namespace {

// Tokens in WordNet's sense-tagged corpus (SemCor), the denominator of the
// general-English specificity figure.
constexpr double kTaggedCorpusTokens = 226000.0;
// PositionRank's damping and window (Florescu & Caragea 2017 use 0.85 and a small window).
constexpr double kDamping = 0.85;
constexpr uint32_t kWindow = 3;
constexpr int kGraphIterations = 30;
// A text of fewer tokens than this (title and body, punctuation included)
// whose nouns are less than kNameHeavyShare names is ranked phrase-led; see
// is_phrase_led and docs/quality.md.
constexpr size_t kShortTextTokens = 300;
constexpr double kNameHeavyShare = 0.3;
// Phrase-led, a phrase of several words weighs this much more than the sum
// of its words would.
constexpr double kPhraseLedWeight = 5.0;

struct Candidate {
  std::vector<std::string> words;
  uint32_t frequency = 0;
  uint32_t maximal = 0;  // occurrences as a whole maximal phrase, not inside a longer one
  uint32_t first = UINT32_MAX;
  uint32_t last = 0;
  bool in_title = false;
  bool in_description = false;
  bool proper = true;
};

bool is_nominal(PosTag t) { return t == PosTag::kNoun || t == PosTag::kProperNoun; }

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

// The form of token i inside a phrase ending at `end`: only the head noun is
// singularized ("sales tax" stays, "tax rates" → "tax rate").
const std::string& word_form(const Analysis& a, uint32_t i, uint32_t end) {
  return i + 1 == end ? a.lemmas[i] : a.tokens[i].lower;
}

void count_occurrence(std::map<std::string, Candidate>& out, const Analysis& a, uint32_t begin, uint32_t end,
                      bool maximal) {
  std::vector<std::string> words;
  bool proper = true;
  for (uint32_t i = begin; i < end; ++i) {
    words.push_back(word_form(a, i, end));
    proper = proper && a.pos[i] == PosTag::kProperNoun;
  }
  Candidate& c = out[join(words)];
  if (c.words.empty()) c.words = std::move(words);
  ++c.frequency;
  if (maximal) ++c.maximal;
  c.first = std::min(c.first, begin);
  c.last = std::max(c.last, begin);
  c.in_title = c.in_title || a.zones[begin] == Zone::kTitle;
  c.in_description = c.in_description || a.zones[begin] == Zone::kDescription;
  c.proper = c.proper && proper;
}

std::map<std::string, Candidate> collect_candidates(const Analysis& a) {
  std::map<std::string, Candidate> out;
  for (const PhraseOccurrence& p : a.phrases) {
    for (uint32_t b = p.begin; b < p.end; ++b) {
      if (words::is_phrase_stop_word(a.tokens[b].lower) && a.pos[b] != PosTag::kProperNoun) continue;
      for (uint32_t e = b + 1; e <= p.end; ++e) {
        if (!is_nominal(a.pos[e - 1])) continue;
        if (words::is_phrase_stop_word(a.tokens[e - 1].lower) && a.pos[e - 1] != PosTag::kProperNoun) continue;
        count_occurrence(out, a, b, e, b == p.begin && e == p.end);
      }
    }
  }
  return out;
}

// PositionRank over the words of the noun phrases: words that co-occur within
// kWindow phrase words are linked; the random walk restarts at words in
// proportion to the sum of 1/position of their occurrences.
//
// Runs on every page, so it avoids a node allocation per word and per edge:
// word ids are given in sorted word order and each word's neighbours are a
// sorted run of one flat array, which keeps every floating-point sum in the
// same order as an ordered map would.
using Centrality = std::unordered_map<std::string_view, double>;

Centrality word_centrality(const Analysis& a) {
  std::vector<std::string_view> sequence;
  std::vector<uint32_t> positions;
  for (const PhraseOccurrence& p : a.phrases) {
    for (uint32_t i = p.begin; i < p.end; ++i) {
      sequence.push_back(word_form(a, i, p.end));
      positions.push_back(i);
    }
  }
  if (sequence.empty()) return {};
  std::vector<uint32_t> by_word(sequence.size());
  for (uint32_t k = 0; k < by_word.size(); ++k) by_word[k] = k;
  std::sort(by_word.begin(), by_word.end(), [&](uint32_t x, uint32_t y) { return sequence[x] < sequence[y]; });
  std::vector<std::string_view> words;  // by id, sorted
  std::vector<uint32_t> seq_ids(sequence.size());
  for (uint32_t k : by_word) {
    if (words.empty() || words.back() != sequence[k]) words.push_back(sequence[k]);
    seq_ids[k] = static_cast<uint32_t>(words.size() - 1);
  }
  const size_t n = words.size();
  std::vector<double> restart(n, 0.0);
  std::vector<std::pair<uint32_t, uint32_t>> links;  // (from, to), both directions
  for (size_t i = 0; i < seq_ids.size(); ++i) {
    restart[seq_ids[i]] += 1.0 / (1.0 + positions[i]);
    for (size_t j = i + 1; j < seq_ids.size() && j <= i + kWindow - 1; ++j) {
      if (seq_ids[i] == seq_ids[j]) continue;
      links.emplace_back(seq_ids[i], seq_ids[j]);
      links.emplace_back(seq_ids[j], seq_ids[i]);
    }
  }
  std::sort(links.begin(), links.end());
  // Edges of u: targets[first[u], first[u + 1]) ascending, with their weights.
  std::vector<uint32_t> first(n + 1, 0);
  std::vector<uint32_t> targets;
  std::vector<double> weights;
  for (size_t k = 0; k < links.size(); ++k) {
    if (k > 0 && links[k] == links[k - 1]) {
      weights.back() += 1.0;
      continue;
    }
    targets.push_back(links[k].second);
    weights.push_back(1.0);
    ++first[links[k].first + 1];
  }
  for (size_t u = 0; u < n; ++u) first[u + 1] += first[u];
  double restart_sum = 0.0;
  for (double r : restart) restart_sum += r;
  for (double& r : restart) r /= restart_sum;
  std::vector<double> out_weight(n, 0.0);
  for (size_t u = 0; u < n; ++u) {
    for (uint32_t e = first[u]; e < first[u + 1]; ++e) out_weight[u] += weights[e];
  }
  std::vector<double> score(restart);
  std::vector<double> next_score(n);
  for (int it = 0; it < kGraphIterations; ++it) {
    for (size_t v = 0; v < n; ++v) next_score[v] = (1.0 - kDamping) * restart[v];
    for (size_t u = 0; u < n; ++u) {
      if (out_weight[u] == 0.0) {
        for (size_t v = 0; v < n; ++v) next_score[v] += kDamping * score[u] * restart[v];
        continue;
      }
      for (uint32_t e = first[u]; e < first[u + 1]; ++e) {
        next_score[targets[e]] += kDamping * score[u] * weights[e] / out_weight[u];
      }
    }
    score.swap(next_score);
  }
  Centrality out;
  out.reserve(n);
  for (size_t id = 0; id < n; ++id) out[words[id]] = score[id] * static_cast<double>(n);  // 1.0 = average word
  return out;
}

// How specific a word is in general English: an inverse frequency over
// WordNet's tagged corpus, 1.0 for words WordNet never saw (names, jargon).
double word_specificity(const std::string& word, const Lexicon& lexicon) {
  const LemmaInfo* info = lexicon.find(word);
  const double count = info == nullptr ? 0.0 : static_cast<double>(info->tagged_total());
  return std::log(kTaggedCorpusTokens / (1.0 + count)) / std::log(kTaggedCorpusTokens);
}

// A short text (an abstract, a summary, a snippet) repeats few words, so how
// often a word comes back says little, and a text about concepts rather than
// people and places has its topics in its noun phrases: such a text is ranked
// phrase-led. A long text, or one full of names (news), shows its topics by
// the words and names it keeps coming back to: word-led.
bool is_phrase_led(const Analysis& a, const RankAblation& off) {
  if (off.short_text) return false;
  if (off.long_text) return true;
  if (a.tokens.size() >= kShortTextTokens) return false;
  if (off.names) return true;
  size_t nouns = 0;
  size_t names = 0;
  for (PosTag t : a.pos) {
    nouns += t == PosTag::kNoun || t == PosTag::kProperNoun ? 1 : 0;
    names += t == PosTag::kProperNoun ? 1 : 0;
  }
  return static_cast<double>(names) < kNameHeavyShare * static_cast<double>(nouns);
}

// The context a candidate is scored in: the document's statistics and the switches.
struct ScoringContext {
  const Analysis& analysis;
  const Lexicon& lexicon;
  const Centrality& centrality;
  const RankAblation& off;
  bool phrase_led = false;
};

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
  const double sum = mean * static_cast<double>(c.words.size());
  const double usage = ctx.off.frequency ? 1.0 : std::sqrt(static_cast<double>(c.frequency));
  const double standalone =
      ctx.off.absorb ? 1.0 : static_cast<double>(c.maximal) / static_cast<double>(std::max<uint32_t>(1, c.frequency));
  const double weight = c.words.size() > 1 && !ctx.off.length ? kPhraseLedWeight : 1.0;
  return weight * sum * mean * mean * usage * standalone * position * zones;
}

CandidateFeatures features_of(const std::string& phrase, const Candidate& c, const ScoringContext& ctx) {
  const Analysis& a = ctx.analysis;
  const RankAblation& off = ctx.off;
  CandidateFeatures f;
  f.phrase = phrase;
  f.words = static_cast<uint32_t>(c.words.size());
  f.frequency = c.frequency;
  f.first_token = c.first;
  f.in_title = c.in_title;
  f.in_description = c.in_description;
  f.proper = c.proper;
  const double tokens = std::max<double>(1.0, static_cast<double>(a.tokens.size()));
  f.spread = static_cast<double>(c.last - c.first) / tokens;
  double spec = 0.0;
  double central = 0.0;
  for (const std::string& w : c.words) {
    spec += c.proper ? 1.0 : word_specificity(w, ctx.lexicon);
    auto it = ctx.centrality.find(w);
    central += it == ctx.centrality.end() ? 0.0 : it->second;
  }
  f.specificity = spec / static_cast<double>(c.words.size());
  f.centrality = central / static_cast<double>(c.words.size());
  const double position =
      off.position ? 1.0 : 1.0 / std::sqrt(1.0 + 10.0 * static_cast<double>(c.first) / tokens);
  const double zones = off.title ? 1.0 : 1.0 + (c.in_title ? 1.0 : 0.0) + (c.in_description ? 0.5 : 0.0);
  if (ctx.phrase_led) {
    f.score = phrase_led_score(c, ctx, f.specificity, position, zones);
    return f;
  }
  // Word-led: a phrase of several words gets no bonus for its length; it has
  // to earn its place by use (docs/quality.md has the variants measured).
  const double usage = off.frequency ? 1.0 : std::log2(1.0 + static_cast<double>(c.frequency));
  const double centrality = off.graph ? 1.0 : f.centrality;
  const double specificity = off.specificity ? 1.0 : f.specificity;
  f.score = usage * zones * position * centrality * specificity;
  return f;
}

// True when every word of `inner` appears, in order and contiguous, in `outer`.
bool contains_phrase(const std::vector<std::string>& outer, const std::vector<std::string>& inner) {
  if (inner.size() > outer.size()) return false;
  for (size_t s = 0; s + inner.size() <= outer.size(); ++s) {
    if (std::equal(inner.begin(), inner.end(), outer.begin() + static_cast<std::ptrdiff_t>(s))) return true;
  }
  return false;
}

// A sub-phrase seen mostly inside one longer candidate ("san" inside "san
// francisco") is not a candidate of its own: the longer one stands for it.
void drop_absorbed(std::map<std::string, Candidate>& candidates) {
  std::vector<std::string> absorbed;
  for (const auto& [phrase, c] : candidates) {
    const size_t n = c.words.size();
    if (n < 2) continue;
    for (size_t b = 0; b < n; ++b) {
      for (size_t e = b + 1; e <= n; ++e) {
        if (e - b == n) continue;
        std::vector<std::string> sub(c.words.begin() + static_cast<std::ptrdiff_t>(b),
                                     c.words.begin() + static_cast<std::ptrdiff_t>(e));
        auto it = candidates.find(join(sub));
        if (it != candidates.end() && 3 * c.frequency >= 2 * it->second.frequency) absorbed.push_back(it->first);
      }
    }
  }
  for (const std::string& phrase : absorbed) candidates.erase(phrase);
}

// Reads TAGWIRE_RANK_ABLATE, e.g. "graph,position": names of RankAblation's switches.
RankAblation ablation_from(const char* spec) {
  RankAblation off;
  if (spec == nullptr) return off;
  const std::string_view all(spec);
  size_t start = 0;
  while (start <= all.size()) {
    const size_t comma = std::min(all.find(',', start), all.size());
    const std::string_view name = all.substr(start, comma - start);
    if (name == "graph") off.graph = true;
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
  std::map<std::string, Candidate> candidates = collect_candidates(analysis);
  if (!off.absorb) drop_absorbed(candidates);
  const bool phrase_led = is_phrase_led(analysis, off);
  const Centrality centrality = phrase_led || off.graph ? Centrality{} : word_centrality(analysis);
  const ScoringContext ctx{analysis, lexicon, centrality, off, phrase_led};
  std::vector<CandidateFeatures> scored;
  scored.reserve(candidates.size());
  for (const auto& [phrase, c] : candidates) scored.push_back(features_of(phrase, c, ctx));
  std::stable_sort(scored.begin(), scored.end(), [](const CandidateFeatures& x, const CandidateFeatures& y) {
    if (x.score != y.score) return x.score > y.score;
    return x.phrase < y.phrase;
  });

  std::vector<Tag> tags;
  std::vector<const std::vector<std::string>*> kept_words;
  for (CandidateFeatures& f : scored) {
    if (tags.size() >= options.limit) break;
    if (f.score <= 0.0 || words::is_boilerplate(f.phrase)) continue;
    // A lone one- or two-letter word ("de", "pt") is a fragment, not a topic,
    // unless it is written as an acronym ("UI", "JS").
    if (f.phrase.size() <= 2 && !f.proper) continue;
    const auto& words = candidates.at(f.phrase).words;
    if (!off.time_words &&
        std::all_of(words.begin(), words.end(), [](const std::string& w) { return words::is_time_word(w); })) {
      continue;
    }
    bool duplicate = false;
    for (const auto* kept : kept_words) {
      if (!off.dedup && (contains_phrase(*kept, words) || contains_phrase(words, *kept))) {
        duplicate = true;
        break;
      }
    }
    if (duplicate) continue;
    f.kept = true;
    kept_words.push_back(&words);
    tags.push_back(Tag{f.phrase, f.score, TagSource::kInferred});
  }
  const double top = tags.empty() ? 1.0 : tags.front().score;
  for (Tag& t : tags) t.score = std::max(1e-6, t.score / top);
  if (explain != nullptr) explain->candidates = std::move(scored);
  return tags;
}

}  // namespace tagwire::engine
