// Morphy: WordNet's lemmatizer (exception lists, then detachment rules),
// checked against the Lexicon's tables instead of libwordnet's files.
#include <cstring>
#include <string>
#include <vector>

#include "tagwire/engine/lexicon.h"

namespace tagwire::engine {
namespace {

struct Detachment {
  std::string_view suffix;
  std::string_view ending;
};

// The rules of WordNet's morph.c, in its order.
constexpr Detachment kNounRules[] = {{"s", ""},     {"ses", "s"},  {"xes", "x"}, {"zes", "z"},
                                     {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"}};
constexpr Detachment kVerbRules[] = {{"s", ""},   {"ies", "y"}, {"es", "e"},  {"es", ""},
                                     {"ed", "e"}, {"ed", ""},   {"ing", "e"}, {"ing", ""}};
constexpr Detachment kAdjRules[] = {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}};

bool ends_with(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }

// Each rule whose suffix ends the word proposes the word with the suffix
// replaced by the ending; the proposal is built in a stack buffer (words
// longer than it fall back to a string) and kept when it is a lemma of `c`.
template <size_t N>
void apply_rules(const Lexicon& lex, std::string_view word, WordClass c, const Detachment (&rules)[N],
                 BaseForms& out) {
  constexpr size_t kBuffer = 64;
  char buffer[kBuffer];
  for (const Detachment& r : rules) {
    if (!ends_with(word, r.suffix) || word.size() <= r.suffix.size()) continue;
    const size_t stem = word.size() - r.suffix.size();
    std::string long_base;
    std::string_view base;
    if (stem + r.ending.size() <= kBuffer) {
      std::memcpy(buffer, word.data(), stem);
      std::memcpy(buffer + stem, r.ending.data(), r.ending.size());
      base = std::string_view(buffer, stem + r.ending.size());
    } else {
      long_base.assign(word.substr(0, stem)).append(r.ending);
      base = long_base;
    }
    if (const BaseForm form = lex.lemma_of_class(base, c); form.info != nullptr) out.add(form);
  }
}

}  // namespace

BaseForm Lexicon::lemma_of_class(std::string_view word, WordClass c) const {
  const Entry* e = entry_of(word);
  if (e == nullptr || !e->info.has(c)) return {};
  return BaseForm{word_of(*e), &e->info};
}

BaseForms Lexicon::find_base_forms(std::string_view word, WordClass c) const {
  BaseForms out;
  const int k = static_cast<int>(c);
  const Entry* e = entry_of(word);
  if (e != nullptr && e->exceptions != 0) {
    const ExceptionList& list = exception_lists_[e->exceptions - 1];
    for (uint32_t i = list.begin[k]; i < list.begin[k] + list.count[k]; ++i) {
      const Entry& base = entries_[exception_bases_[i]];
      out.add(BaseForm{word_of(base), &base.info});
    }
  }
  if (e != nullptr && e->info.has(c)) out.add(BaseForm{word_of(*e), &e->info});
  switch (c) {
    case WordClass::kNoun:
      // morph.c: no detachment for "-ss" words and words of two letters or less.
      if (!ends_with(word, "ss") && word.size() > 2) apply_rules(*this, word, c, kNounRules, out);
      break;
    case WordClass::kVerb:
      apply_rules(*this, word, c, kVerbRules, out);
      break;
    case WordClass::kAdj:
      apply_rules(*this, word, c, kAdjRules, out);
      break;
    case WordClass::kAdv:
      break;
  }
  return out;
}

std::vector<std::string> Lexicon::base_forms(std::string_view word, WordClass c) const {
  std::vector<std::string> out;
  for (const BaseForm& form : find_base_forms(word, c)) out.emplace_back(form.lemma);
  return out;
}

std::string Lexicon::lemma(std::string_view word, WordClass c) const {
  const BaseForms forms = find_base_forms(word, c);
  return forms.empty() ? std::string() : std::string(forms.front().lemma);
}

}  // namespace tagwire::engine
