// The "tag" stage: an Article's title, description and body → tokens,
// sentences, parts of speech, lemmas and noun-phrase occurrences.
#include <unordered_set>

#include "tagwire/engine/tagger.h"
#include "text/pos_tagger.h"
#include "text/word_lists.h"

namespace tagwire::engine {
namespace {

bool is_nominal(PosTag t) { return t == PosTag::kNoun || t == PosTag::kProperNoun; }

bool in_phrase(const Analysis& a, uint32_t i) {
  const PosTag t = a.pos[i];
  if (t != PosTag::kNoun && t != PosTag::kProperNoun && t != PosTag::kAdjective) return false;
  const Token& tok = a.tokens[i];
  return tok.kind == TokenKind::kWord && (tok.lower.size() >= 2 || tok.has_digit);
}

// A word a phrase may not start or end with (proper nouns are always welcome:
// the "New" of "New York").
bool is_edge_stop(const Analysis& a, uint32_t i) {
  return a.pos[i] != PosTag::kProperNoun && words::is_phrase_stop_word(a.tokens[i].lower);
}

void add_phrase(Analysis& a, uint32_t begin, uint32_t end, uint32_t sentence) {
  while (begin < end && (is_edge_stop(a, begin) || !is_nominal(a.pos[end - 1]) || is_edge_stop(a, end - 1))) {
    if (is_edge_stop(a, begin)) {
      ++begin;
    } else {
      --end;
    }
  }
  if (begin >= end) return;
  if (end - begin > kMaxPhraseWords) begin = end - kMaxPhraseWords;  // keep the head and its nearest modifiers
  while (begin < end && is_edge_stop(a, begin)) ++begin;
  if (begin < end) a.phrases.push_back({begin, end, sentence});
}

// Splits a run of adjectives and nouns at stop words and at the border between
// names and common words, then adds each piece.
void add_run(Analysis& a, uint32_t begin, uint32_t end, uint32_t sentence) {
  uint32_t piece = begin;
  for (uint32_t i = begin; i < end; ++i) {
    const bool stop_inside = i > piece && is_edge_stop(a, i);
    const bool name_border = i > piece && end - begin > kMaxPhraseWords &&
                             (a.pos[i] == PosTag::kProperNoun) != (a.pos[i - 1] == PosTag::kProperNoun);
    if (stop_inside || name_border) {
      add_phrase(a, piece, i, sentence);
      piece = i;
    }
  }
  add_phrase(a, piece, end, sentence);
}

void find_phrases(Analysis& a, uint32_t sentence) {
  const SentenceSpan s = a.sentences[sentence];
  uint32_t i = s.begin;
  while (i < s.end) {
    if (!in_phrase(a, i)) {
      ++i;
      continue;
    }
    uint32_t j = i;
    while (j < s.end && in_phrase(a, j)) ++j;
    add_run(a, i, j, sentence);
    i = j;
  }
}

void append_zone(Analysis& a, const std::string& text, Zone zone) {
  std::vector<Token> tokens = tokenize(text);
  const auto base = static_cast<uint32_t>(a.tokens.size());
  for (const SentenceSpan& s : split_sentences(tokens)) a.sentences.push_back({s.begin + base, s.end + base});
  for (Token& t : tokens) a.tokens.push_back(std::move(t));
  a.zones.resize(a.tokens.size(), zone);
}

bool is_sentence_end(const Token& t) {
  return t.kind == TokenKind::kPunct && (t.text == "." || t.text == "!" || t.text == "?");
}

// Capitals in headings and at sentence starts are weak evidence; the rest of
// the document settles them. A capitalized word the document also writes in
// lower case as a noun ("Apps" in a Title Case heading, "Meetings" starting a
// sentence) is that noun; a heading word the running text capitalizes
// mid-sentence ("Shields" of "Brooke Shields") is a name.
void settle_capitalized_words(Analysis& a, const Lexicon& lexicon) {
  std::unordered_set<std::string_view> lowercase_nouns;
  std::unordered_set<std::string_view> names;
  for (const SentenceSpan& s : a.sentences) {
    const bool prose = is_sentence_end(a.tokens[s.end - 1]);
    for (uint32_t i = s.begin; i < s.end; ++i) {
      const Token& t = a.tokens[i];
      if (a.pos[i] == PosTag::kNoun && !t.capitalized) lowercase_nouns.insert(t.lower);
      if (prose && i > s.begin && a.pos[i] == PosTag::kProperNoun && !t.all_caps) names.insert(t.lower);
    }
  }
  for (size_t i = 0; i < a.tokens.size(); ++i) {
    const Token& t = a.tokens[i];
    if (!t.capitalized || t.all_caps) continue;
    const bool lower_noun = lowercase_nouns.count(t.lower) > 0;
    if (a.pos[i] == PosTag::kProperNoun && lower_noun) {
      a.pos[i] = PosTag::kNoun;
      a.lemmas[i] = singular_noun(t.lower, lexicon);
    } else if ((a.pos[i] == PosTag::kNoun || a.pos[i] == PosTag::kAdjective) && !lower_noun && names.count(t.lower)) {
      a.pos[i] = PosTag::kProperNoun;
      a.lemmas[i] = t.lower;
    }
  }
}

}  // namespace

const char* pos_tag_name(PosTag tag) {
  switch (tag) {
    case PosTag::kNoun: return "NOUN";
    case PosTag::kProperNoun: return "PROPN";
    case PosTag::kVerb: return "VERB";
    case PosTag::kAdjective: return "ADJ";
    case PosTag::kAdverb: return "ADV";
    case PosTag::kDeterminer: return "DET";
    case PosTag::kPronoun: return "PRON";
    case PosTag::kPreposition: return "ADP";
    case PosTag::kConjunction: return "CONJ";
    case PosTag::kAuxiliary: return "AUX";
    case PosTag::kParticle: return "PART";
    case PosTag::kPossessive: return "POS";
    case PosTag::kNumber: return "NUM";
    case PosTag::kInterjection: return "INTJ";
    case PosTag::kPunct: return "PUNCT";
    case PosTag::kSymbol: return "SYM";
  }
  return "?";
}

Analysis analyze_text(const Article& article, const Lexicon& lexicon) {
  Analysis a;
  append_zone(a, article.title, Zone::kTitle);
  append_zone(a, article.description, Zone::kDescription);
  append_zone(a, article.body, Zone::kBody);
  a.pos.resize(a.tokens.size(), PosTag::kPunct);
  a.lemmas.resize(a.tokens.size());
  for (const SentenceSpan& s : a.sentences) tag_sentence(a.tokens, s, lexicon, a.pos, a.lemmas);
  settle_capitalized_words(a, lexicon);
  for (uint32_t s = 0; s < a.sentences.size(); ++s) find_phrases(a, s);
  return a;
}

}  // namespace tagwire::engine
