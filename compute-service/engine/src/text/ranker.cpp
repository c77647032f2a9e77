// The "rank" stage: noun-phrase occurrences → scored, de-duplicated tags.
//
// Candidates are the maximal noun phrases and every sub-phrase of one that
// ends on its nouns (so "web page" also yields "page"). A candidate's score
// multiplies how much the document uses it (frequency, damped), where it first
// appears and whether the title or description names it, how central its words
// are in the document's word co-occurrence graph (PositionRank-like), and how
// specific its words are in general English (WordNet tagged-corpus counts:
// "thing", "way", "time" are common, so they score low). Near-duplicates (one
// phrase inside another) keep only the better one.
#include <algorithm>
#include <cmath>
#include <map>

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

struct Candidate {
  std::vector<std::string> words;
  uint32_t frequency = 0;
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

void count_occurrence(std::map<std::string, Candidate>& out, const Analysis& a, uint32_t begin, uint32_t end) {
  std::vector<std::string> words;
  bool proper = true;
  for (uint32_t i = begin; i < end; ++i) {
    words.push_back(word_form(a, i, end));
    proper = proper && a.pos[i] == PosTag::kProperNoun;
  }
  Candidate& c = out[join(words)];
  if (c.words.empty()) c.words = std::move(words);
  ++c.frequency;
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
        count_occurrence(out, a, b, e);
      }
    }
  }
  return out;
}

// PositionRank over the words of the noun phrases: words that co-occur within
// kWindow phrase words are linked; the random walk restarts at words in
// proportion to the sum of 1/position of their occurrences.
std::map<std::string, double> word_centrality(const Analysis& a) {
  std::vector<std::string> sequence;
  std::vector<uint32_t> positions;
  for (const PhraseOccurrence& p : a.phrases) {
    for (uint32_t i = p.begin; i < p.end; ++i) {
      sequence.push_back(word_form(a, i, p.end));
      positions.push_back(i);
    }
  }
  std::map<std::string, uint32_t> ids;
  for (const std::string& w : sequence) ids.emplace(w, 0);
  uint32_t next = 0;
  for (auto& [w, id] : ids) id = next++;
  const size_t n = ids.size();
  if (n == 0) return {};
  std::vector<std::map<uint32_t, double>> edges(n);
  std::vector<double> restart(n, 0.0);
  std::vector<uint32_t> seq_ids;
  seq_ids.reserve(sequence.size());
  for (const std::string& w : sequence) seq_ids.push_back(ids[w]);
  for (size_t i = 0; i < seq_ids.size(); ++i) {
    restart[seq_ids[i]] += 1.0 / (1.0 + positions[i]);
    for (size_t j = i + 1; j < seq_ids.size() && j <= i + kWindow - 1; ++j) {
      if (seq_ids[i] == seq_ids[j]) continue;
      edges[seq_ids[i]][seq_ids[j]] += 1.0;
      edges[seq_ids[j]][seq_ids[i]] += 1.0;
    }
  }
  double restart_sum = 0.0;
  for (double r : restart) restart_sum += r;
  for (double& r : restart) r /= restart_sum;
  std::vector<double> out_weight(n, 0.0);
  for (size_t u = 0; u < n; ++u) {
    for (const auto& [v, w] : edges[u]) out_weight[u] += w;
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
      for (const auto& [v, w] : edges[u]) next_score[v] += kDamping * score[u] * w / out_weight[u];
    }
    score.swap(next_score);
  }
  std::map<std::string, double> out;
  for (const auto& [w, id] : ids) out[w] = score[id] * static_cast<double>(n);  // 1.0 = average word
  return out;
}

// How specific a word is in general English: an inverse frequency over
// WordNet's tagged corpus, 1.0 for words WordNet never saw (names, jargon).
double word_specificity(const std::string& word, const Lexicon& lexicon) {
  const LemmaInfo* info = lexicon.find(word);
  const double count = info == nullptr ? 0.0 : static_cast<double>(info->tagged_total());
  return std::log(kTaggedCorpusTokens / (1.0 + count)) / std::log(kTaggedCorpusTokens);
}

CandidateFeatures features_of(const std::string& phrase, const Candidate& c, const Analysis& a,
                              const std::map<std::string, double>& centrality, const Lexicon& lexicon) {
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
    spec += c.proper ? 1.0 : word_specificity(w, lexicon);
    auto it = centrality.find(w);
    central += it == centrality.end() ? 0.0 : it->second;
  }
  f.specificity = spec / static_cast<double>(c.words.size());
  f.centrality = central / static_cast<double>(c.words.size());
  const double position = 1.0 / std::sqrt(1.0 + 10.0 * static_cast<double>(c.first) / tokens);
  const double zones = 1.0 + (c.in_title ? 1.0 : 0.0) + (c.in_description ? 0.5 : 0.0);
  const double usage = std::log2(1.0 + static_cast<double>(c.frequency));
  // Phrases earn a mild length bonus: a two-word phrase needs about two thirds
  // of a single word's usage to tie (see docs/quality.md for the variants measured).
  const double length_bonus = 1.0 + 0.5 * static_cast<double>(c.words.size() - 1);
  f.score = usage * zones * position * f.centrality * f.specificity * length_bonus;
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

}  // namespace

std::vector<Tag> rank_candidates(const Analysis& analysis, const Lexicon& lexicon, const RankOptions& options,
                                 Explanation* explain) {
  std::map<std::string, Candidate> candidates = collect_candidates(analysis);
  drop_absorbed(candidates);
  const std::map<std::string, double> centrality = word_centrality(analysis);
  std::vector<CandidateFeatures> scored;
  scored.reserve(candidates.size());
  for (const auto& [phrase, c] : candidates) scored.push_back(features_of(phrase, c, analysis, centrality, lexicon));
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
    bool duplicate = false;
    for (const auto* kept : kept_words) {
      if (contains_phrase(*kept, words) || contains_phrase(words, *kept)) {
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
