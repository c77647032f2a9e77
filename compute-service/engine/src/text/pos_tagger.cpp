// The part-of-speech tagger: closed-class words from lists, open-class words
// from WordNet's candidate classes, chosen by left context and by how often
// WordNet's tagged corpus saw each class; unknown words by shape.
//
// Rules, in order, for an open-class word: a capitalized word that does not
// start the sentence (outside Title Case headings) or an all-caps word is a
// proper noun; after a determiner, possessive, adjective or number prefer
// noun/adjective; after "to", a modal or a subject pronoun prefer verb;
// otherwise the class WordNet's tagged corpus saw most, nouns winning ties.
#include "text/pos_tagger.h"

#include <algorithm>
#include <array>

#include "text/utf8.h"
#include "text/word_lists.h"

namespace tagwire::engine {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_word(const Token& t) { return t.kind == TokenKind::kWord; }

// Title Case headings capitalize most words; there a capital is no evidence.
// A heading has no closing period, which keeps name-heavy sentences ("They
// met Freida Pinto on Friday.") out.
bool is_headline(const std::vector<Token>& tokens, SentenceSpan span) {
  const Token& last = tokens[span.end - 1];
  if (last.kind == TokenKind::kPunct && (last.text == "." || last.text == "!" || last.text == "?")) return false;
  int words = 0;
  int capitals = 0;
  for (uint32_t i = span.begin; i < span.end; ++i) {
    const Token& t = tokens[i];
    if (!is_word(t) || t.lower.size() < 4) continue;
    ++words;
    if (t.capitalized) ++capitals;
  }
  return words >= 2 && capitals * 10 >= words * 6;
}

bool is_shouting(const std::vector<Token>& tokens, SentenceSpan span) {
  int words = 0;
  int caps = 0;
  for (uint32_t i = span.begin; i < span.end; ++i) {
    if (!is_word(tokens[i]) || tokens[i].lower.size() < 2) continue;
    ++words;
    if (tokens[i].all_caps) ++caps;
  }
  return words >= 3 && caps * 10 >= words * 6;
}

ClassEvidence wordnet_classes(const std::string& lower, const Lexicon& lexicon) {
  ClassEvidence ev;
  // morphy reads "presenter" as the comparative of "present"; a word that is
  // a noun lemma itself is not taken for a comparative adjective.
  const bool agent_noun = lexicon.contains(lower, WordClass::kNoun) && !lexicon.contains(lower, WordClass::kAdj);
  for (int c = 0; c < kWordClassCount; ++c) {
    const auto cls = static_cast<WordClass>(c);
    if (cls == WordClass::kAdj && agent_noun) continue;
    for (const BaseForm& base : lexicon.find_base_forms(lower, cls)) {
      if (!ev.possible[c]) ev.base[c] = base.lemma;
      ev.possible[c] = true;
      ev.tagged[c] = std::max(ev.tagged[c], base.info->tagged[c]);
    }
  }
  return ev;
}

PosTag by_shape(const Token& t) {
  const std::string& w = t.lower;
  if (t.has_digit) {
    if (ends_with(w, "st") || ends_with(w, "nd") || ends_with(w, "rd") || ends_with(w, "th")) {
      if (w[0] >= '0' && w[0] <= '9' && w.find('-') == std::string::npos) return PosTag::kAdjective;
    }
    if (w[0] >= '0' && w[0] <= '9' && w.find('-') != std::string::npos) return PosTag::kAdjective;  // 3-day
    return PosTag::kNoun;
  }
  if (w.size() > 4 && ends_with(w, "ly")) return PosTag::kAdverb;
  if (w.size() > 5 && (ends_with(w, "ing") || ends_with(w, "ed"))) return PosTag::kVerb;
  for (std::string_view s : {"ous", "ful", "ive", "able", "ible", "ical", "less", "ish", "ary"}) {
    if (w.size() > s.size() + 2 && ends_with(w, s)) return PosTag::kAdjective;
  }
  return PosTag::kNoun;
}

// A hyphenated word unknown as a whole takes the class of its last part,
// except that it modifies (is an adjective) when that part is not a noun, and
// that a measure compound ("3-day", "sixteen-week", "three-run",
// "first-quarter") always modifies: "a sixteen-week plan" is about the plan,
// and read as a noun it made "plan" a verb. The price: the rarer count nouns
// ("a three-pointer", "a one-liner") are read as adjectives too.
PosTag hyphenated(const Token& t, const Lexicon& lexicon) {
  const size_t dash = t.lower.rfind('-');
  const std::string last = t.lower.substr(dash + 1);
  if (t.lower[0] >= '0' && t.lower[0] <= '9') return PosTag::kAdjective;
  if (words::is_count_word(std::string_view(t.lower).substr(0, t.lower.find('-')))) return PosTag::kAdjective;
  std::string open_form = t.lower;  // "secretary-general" is WordNet's "secretary general"
  std::replace(open_form.begin(), open_form.end(), '-', ' ');
  if (lexicon.contains(open_form, WordClass::kNoun)) return PosTag::kNoun;
  if (ends_with(last, "ed") || ends_with(last, "ing")) return PosTag::kAdjective;
  const ClassEvidence ev = wordnet_classes(last, lexicon);
  // "pun-heavy", "top-tier"... the last part's commoner class decides.
  if (ev.can(WordClass::kNoun) && ev.count(WordClass::kNoun) >= ev.count(WordClass::kAdj)) return PosTag::kNoun;
  if (ev.any()) return PosTag::kAdjective;  // "eco-friendly"
  if (last.size() > 4 && ends_with(last, "ly")) return PosTag::kAdverb;  // "jaw-droppingly"
  return PosTag::kNoun;
}

// A lower-case hyphenated compound read as a noun still qualifies the next
// word when that word is a noun there ("a high-profile deal", "the
// opening-day crowd"): English hyphenates a compound when it stands before
// the noun it qualifies. Read as a noun, it also made that word a verb. The
// next word is taken for a noun when it can be one and is mostly one, or is
// no inflected verb form ("deal", "plan", unlike "runs", "left").
PosTag compound_before(const std::vector<Token>& tokens, SentenceSpan span, uint32_t i, WordMemo& memo,
                       PosTag compound) {
  if (compound != PosTag::kNoun || tokens[i].capitalized || i + 1 >= span.end) return compound;
  const Token& next = tokens[i + 1];
  if (next.kind != TokenKind::kWord || next.capitalized || next.has_digit) return compound;
  WordMemo::Facts& facts = memo.of_token(tokens, i + 1);
  if (facts.closed) return compound;
  const ClassEvidence& ev = memo.classes(facts, next.lower);
  if (!ev.can(WordClass::kNoun)) return compound;
  const bool mostly_noun = ev.count(WordClass::kNoun) >= ev.count(WordClass::kVerb);
  const bool inflected_verb = ev.can(WordClass::kVerb) && ev.base[static_cast<int>(WordClass::kVerb)] != next.lower;
  return mostly_noun || !inflected_verb ? PosTag::kAdjective : compound;
}

// A capitalized hyphenated word whose last part is written in lower case is a
// compound built on a name ("Oscar-winning", "Denver-based"), not a name
// itself as "Hewlett-Packard" is. (The tokenizer keeps no trailing hyphen.)
bool compound_on_a_name(const Token& t) {
  const size_t dash = t.text.rfind('-');
  if (dash == std::string::npos || dash + 1 >= t.text.size()) return false;
  size_t length = 1;
  const char32_t after = utf8::decode(t.text, dash + 1, length);
  return utf8::classify(after) == utf8::CharClass::kLetter && !utf8::is_upper(after);
}

bool prefers_nominal(PosTag prev) {
  return prev == PosTag::kDeterminer || prev == PosTag::kPossessive || prev == PosTag::kAdjective ||
         prev == PosTag::kNumber || prev == PosTag::kPreposition;
}

bool prefers_verb(PosTag prev, const std::string& prev_lower) {
  if (prev == PosTag::kAuxiliary || prev == PosTag::kParticle) return true;
  return prev == PosTag::kPronoun &&
         (prev_lower == "i" || prev_lower == "we" || prev_lower == "you" || prev_lower == "they" ||
          prev_lower == "he" || prev_lower == "she" || prev_lower == "it" || prev_lower == "who");
}

PosTag choose_class(const ClassEvidence& ev, const Token& t, PosTag prev, const std::string& prev_lower) {
  const bool noun = ev.can(WordClass::kNoun);
  const bool verb = ev.can(WordClass::kVerb);
  const bool adj = ev.can(WordClass::kAdj);
  const bool adv = ev.can(WordClass::kAdv);
  if (adv && ends_with(t.lower, "ly") && !noun) return PosTag::kAdverb;
  if (prefers_nominal(prev) && (noun || adj)) {
    if (noun && adj) return ev.count(WordClass::kAdj) > ev.count(WordClass::kNoun) ? PosTag::kAdjective : PosTag::kNoun;
    return noun ? PosTag::kNoun : PosTag::kAdjective;
  }
  if (prefers_verb(prev, prev_lower) && verb) return PosTag::kVerb;
  // The class the tagged corpus saw most; nouns win ties, then adjectives.
  PosTag best = PosTag::kNoun;
  int64_t best_count = -1;
  const std::pair<WordClass, PosTag> order[] = {{WordClass::kNoun, PosTag::kNoun},
                                                {WordClass::kAdj, PosTag::kAdjective},
                                                {WordClass::kVerb, PosTag::kVerb},
                                                {WordClass::kAdv, PosTag::kAdverb}};
  for (const auto& [cls, tag] : order) {
    if (!ev.can(cls)) continue;
    const int64_t count = ev.count(cls);
    if (count > best_count) {
      best = tag;
      best_count = count;
    }
  }
  // An -ed/-ing form right after a determiner or adjective modifies or names
  // ("the proposed method", "a debugging tool"). After a preposition, an -ing
  // form WordNet knows only as a verb is a gerund taking an object ("by
  // providing clear feedback"): a verb, which starts no noun phrase.
  if (best == PosTag::kVerb && prefers_nominal(prev)) {
    if (prev == PosTag::kPreposition && !noun && !adj && ends_with(t.lower, "ing")) return PosTag::kVerb;
    return noun ? PosTag::kNoun : PosTag::kAdjective;
  }
  return best;
}

bool starts_clause(const std::vector<Token>& tokens, SentenceSpan span, uint32_t i) {
  if (i == span.begin) return true;
  const Token& prev = tokens[i - 1];
  return prev.kind == TokenKind::kPunct && (prev.text == ":" || prev.text == "\"" || prev.text == "(" ||
                                            prev.text == "\xE2\x80\x9C" || prev.text == "-" ||
                                            prev.text == "\xE2\x80\x94" || prev.text == "\xE2\x80\xA2");
}

PosTag tag_token(const std::vector<Token>& tokens, SentenceSpan span, uint32_t i, WordMemo& memo, bool headline,
                 bool shouting, PosTag prev) {
  const Token& t = tokens[i];
  switch (t.kind) {
    case TokenKind::kNumber: return PosTag::kNumber;
    case TokenKind::kSymbol: return PosTag::kSymbol;
    case TokenKind::kPunct:
      if (t.lower == "'s") {
        return prev == PosTag::kPronoun ? PosTag::kAuxiliary : PosTag::kPossessive;
      }
      return PosTag::kPunct;
    case TokenKind::kWord: break;
  }
  const bool first = starts_clause(tokens, span, i);
  // Acronyms (NASA, HQ) are names unless the whole sentence shouts.
  WordMemo::Facts& facts = memo.of_token(tokens, i);
  const std::optional<PosTag> closed = facts.closed;
  if (t.all_caps && !shouting && t.lower.size() >= 2 && !t.has_digit) {
    if (!closed || !first) return PosTag::kProperNoun;
  }
  if (closed) {
    if (*closed == PosTag::kParticle && t.lower == "to") {
      return PosTag::kParticle;  // "to" + verb or preposition: either way it breaks a phrase
    }
    if (!(t.capitalized && !first && !headline && !shouting)) return *closed;
    // A capitalized closed-class word mid-sentence ("The Who", "May") is read as written.
    if (*closed != PosTag::kNumber) return *closed;
  }
  const bool compound = t.lower.find('-') != std::string::npos && !memo.lexicon().find(t.lower);
  if (t.capitalized && !first && !headline && !shouting && !(compound && compound_on_a_name(t))) {
    return PosTag::kProperNoun;
  }
  if (compound) return compound_before(tokens, span, i, memo, hyphenated(t, memo.lexicon()));
  static const ClassEvidence kNone{};
  const ClassEvidence& ev = t.has_digit ? kNone : memo.classes(facts, t.lower);
  if (!ev.any()) {
    if (t.capitalized) return PosTag::kProperNoun;
    return by_shape(t);
  }
  static const std::string kNoWord;  // bound by reference: no copy per token
  const std::string& prev_lower = i > span.begin ? tokens[i - 1].lower : kNoWord;
  return choose_class(ev, t, prev, prev_lower);
}

}  // namespace

WordMemo::Facts& WordMemo::of_word(const std::string& lower) {
  auto [it, added] = facts_.try_emplace(lower);
  if (added) {
    it->second.closed = words::closed_class(lower);
    it->second.phrase_stop = it->second.closed.has_value() || words::in_phrase_stop_list(lower);
  }
  return it->second;
}

WordMemo::Facts& WordMemo::of_token(const std::vector<Token>& tokens, uint32_t i) {
  if (by_token_.size() < tokens.size()) by_token_.resize(tokens.size(), nullptr);
  if (by_token_[i] == nullptr) by_token_[i] = &of_word(tokens[i].lower);
  return *by_token_[i];
}

const ClassEvidence& WordMemo::classes(Facts& f, const std::string& lower) {
  if (!f.classes) f.classes = wordnet_classes(lower, lexicon_);
  return *f.classes;
}

const std::string& WordMemo::singular(Facts& f, const std::string& lower) {
  if (!f.singular) f.singular = singular_noun(lower, lexicon_);
  return *f.singular;
}

std::string singular_noun(const std::string& lower, const Lexicon& lexicon) {
  // Of morphy's base forms, the one WordNet's tagged corpus saw most as a noun:
  // "things" → "thing" although "things" is a lemma too, while "data" stays
  // "data" rather than the rare "datum". Ties go to the shorter form.
  const BaseForms forms = lexicon.find_base_forms(lower, WordClass::kNoun);
  if (!forms.empty()) {
    const BaseForm* best = &forms.front();
    uint32_t best_count = 0;
    for (const BaseForm& f : forms) {
      const uint32_t count = f.info->tagged[static_cast<int>(WordClass::kNoun)];
      if (count > best_count || (count == best_count && f.lemma.size() < best->lemma.size())) {
        best = &f;
        best_count = count;
      }
    }
    return std::string(best->lemma);
  }
  const size_t n = lower.size();
  if (n <= 3 || lower.back() != 's') return lower;
  // node.js, c++, i/o, es6s: technical names are not English plurals.
  if (lower.find_first_of("'.+#/0123456789") != std::string::npos) return lower;
  if (ends_with(lower, "ss") || ends_with(lower, "us") || ends_with(lower, "is")) return lower;
  if (ends_with(lower, "ies") && n > 4) return lower.substr(0, n - 3) + "y";
  for (std::string_view s : {"ches", "shes", "xes", "sses", "zes"}) {
    if (ends_with(lower, s)) return lower.substr(0, n - 2);
  }
  return lower.substr(0, n - 1);
}

void tag_sentence(const std::vector<Token>& tokens, SentenceSpan span, WordMemo& memo, std::vector<PosTag>& pos,
                  std::vector<std::string>& lemmas) {
  const bool headline = is_headline(tokens, span);
  const bool shouting = is_shouting(tokens, span);
  PosTag prev = PosTag::kPunct;
  for (uint32_t i = span.begin; i < span.end; ++i) {
    const PosTag tag = tag_token(tokens, span, i, memo, headline, shouting, prev);
    pos[i] = tag;
    WordMemo::Facts& facts = memo.of_token(tokens, i);
    if (tag == PosTag::kNoun) {
      lemmas[i] = memo.singular(facts, tokens[i].lower);
    } else if ((tag == PosTag::kVerb || tag == PosTag::kAdjective) && facts.classes) {
      // The ranker counts a word's uses in every class by these (count_word_family).
      const std::string_view base = facts.classes->base[static_cast<int>(tag == PosTag::kVerb ? WordClass::kVerb
                                                                                               : WordClass::kAdj)];
      lemmas[i] = base.empty() ? std::string_view(tokens[i].lower) : base;
    } else {
      lemmas[i] = tokens[i].lower;
    }
    prev = tag;
  }
}

}  // namespace tagwire::engine
