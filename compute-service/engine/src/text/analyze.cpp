// The "tag" stage: an Article's title, description and body → tokens,
// sentences, parts of speech, lemmas and noun-phrase occurrences.
#include <algorithm>
#include <iterator>
#include <string_view>

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

// Per token: a phrase stop word (words::is_phrase_stop_word), looked up once.
using StopWords = std::vector<bool>;

// A word a phrase may not start or end with (proper nouns are always welcome:
// the "New" of "New York").
bool is_edge_stop(const Analysis& a, const StopWords& stop, uint32_t i) {
  return a.pos[i] != PosTag::kProperNoun && stop[i];
}

void add_phrase(Analysis& a, const StopWords& stop, uint32_t begin, uint32_t end, uint32_t sentence) {
  while (begin < end &&
         (is_edge_stop(a, stop, begin) || !is_nominal(a.pos[end - 1]) || is_edge_stop(a, stop, end - 1))) {
    if (is_edge_stop(a, stop, begin)) {
      ++begin;
    } else {
      --end;
    }
  }
  if (begin >= end) return;
  if (end - begin > kMaxPhraseWords) begin = end - kMaxPhraseWords;  // keep the head and its nearest modifiers
  while (begin < end && is_edge_stop(a, stop, begin)) ++begin;
  if (begin < end) a.phrases.push_back({begin, end, sentence});
}

// Splits a run of adjectives and nouns at stop words and at the border between
// names and common words, then adds each piece.
void add_run(Analysis& a, const StopWords& stop, uint32_t begin, uint32_t end, uint32_t sentence) {
  uint32_t piece = begin;
  for (uint32_t i = begin; i < end; ++i) {
    const bool stop_inside = i > piece && is_edge_stop(a, stop, i);
    const bool name_border = i > piece && end - begin > kMaxPhraseWords &&
                             (a.pos[i] == PosTag::kProperNoun) != (a.pos[i - 1] == PosTag::kProperNoun);
    if (stop_inside || name_border) {
      add_phrase(a, stop, piece, i, sentence);
      piece = i;
    }
  }
  add_phrase(a, stop, piece, end, sentence);
}

void find_phrases(Analysis& a, const StopWords& stop, uint32_t sentence) {
  const SentenceSpan s = a.sentences[sentence];
  uint32_t i = s.begin;
  while (i < s.end) {
    if (!in_phrase(a, i)) {
      ++i;
      continue;
    }
    uint32_t j = i;
    while (j < s.end && in_phrase(a, j)) ++j;
    add_run(a, stop, i, j, sentence);
    i = j;
  }
}

void append_zone(Analysis& a, std::string_view text, Zone zone) {
  std::vector<Token> tokens = tokenize(text);
  const auto base = static_cast<uint32_t>(a.tokens.size());
  for (const SentenceSpan& s : split_sentences(tokens)) a.sentences.push_back({s.begin + base, s.end + base});
  if (a.tokens.empty()) {
    a.tokens = std::move(tokens);
  } else {
    a.tokens.reserve(a.tokens.size() + tokens.size());
    std::move(tokens.begin(), tokens.end(), std::back_inserter(a.tokens));
  }
  a.zones.resize(a.tokens.size(), zone);
}

// How far before the bound whitespace is looked for. Far longer than any
// word; text written without spaces (Chinese, Japanese) may have none for a
// whole block, and cutting at a space far back would drop most of the
// bound, or all of it: the body came out empty when the first 600 KB held
// no whitespace at all.
constexpr size_t kWordCutWindow = 1024;

// The longest prefix of `text` of at most `max_bytes` that does not end
// inside a UTF-8 sequence.
std::string_view whole_characters(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t cut = max_bytes;
  // A sequence is at most 4 bytes: back over at most 3 continuation bytes.
  for (int k = 0; k < 3 && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80; ++k) --cut;
  return text.substr(0, cut);
}

// The body up to kMaxAnalyzedBodyBytes (see tagger.h): cut at the last
// whitespace within the bound so that no word is split, or on a character
// boundary when the last kWordCutWindow bytes before the bound hold none.
std::string_view analyzed_body(std::string_view body) {
  if (body.size() <= kMaxAnalyzedBodyBytes) return body;
  const std::string_view head = whole_characters(body, kMaxAnalyzedBodyBytes);
  const size_t window_start = head.size() - std::min(head.size(), kWordCutWindow);
  const size_t space = head.substr(window_start).find_last_of(" \t\n\r");
  return space == std::string_view::npos ? head : head.substr(0, window_start + space);
}

bool is_sentence_end(const Token& t) {
  return t.kind == TokenKind::kPunct && (t.text == "." || t.text == "!" || t.text == "?");
}

// Capitals in headings and at sentence starts are weak evidence; the rest of
// the document settles them. A capitalized word the document also writes in
// lower case as a noun ("Apps" in a Title Case heading, "Meetings" starting a
// sentence) is that noun; a heading word the running text capitalizes
// mid-sentence ("Shields" of "Brooke Shields") is a name.
void settle_capitalized_words(Analysis& a, WordMemo& memo) {
  for (const SentenceSpan& s : a.sentences) {
    const bool prose = is_sentence_end(a.tokens[s.end - 1]);
    for (uint32_t i = s.begin; i < s.end; ++i) {
      const Token& t = a.tokens[i];
      if (a.pos[i] == PosTag::kNoun && !t.capitalized) memo.of_token(a.tokens, i).lowercase_noun = true;
      if (prose && i > s.begin && a.pos[i] == PosTag::kProperNoun && !t.all_caps) {
        memo.of_token(a.tokens, i).name = true;
      }
    }
  }
  for (uint32_t i = 0; i < a.tokens.size(); ++i) {
    const Token& t = a.tokens[i];
    if (!t.capitalized || t.all_caps) continue;
    WordMemo::Facts& facts = memo.of_token(a.tokens, i);
    if (a.pos[i] == PosTag::kProperNoun && facts.lowercase_noun) {
      a.pos[i] = PosTag::kNoun;
      a.lemmas[i] = memo.singular(facts, t.lower);
    } else if ((a.pos[i] == PosTag::kNoun || a.pos[i] == PosTag::kAdjective) && !facts.lowercase_noun && facts.name) {
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
  append_zone(a, analyzed_body(article.body), Zone::kBody);
  a.pos.resize(a.tokens.size(), PosTag::kPunct);
  a.lemmas.resize(a.tokens.size());
  WordMemo memo(lexicon);
  for (const SentenceSpan& s : a.sentences) tag_sentence(a.tokens, s, memo, a.pos, a.lemmas);
  settle_capitalized_words(a, memo);
  StopWords stop(a.tokens.size());
  for (size_t i = 0; i < a.tokens.size(); ++i) stop[i] = memo.of_token(a.tokens, static_cast<uint32_t>(i)).phrase_stop;
  for (uint32_t s = 0; s < a.sentences.size(); ++s) find_phrases(a, stop, s);
  return a;
}

}  // namespace tagwire::engine
