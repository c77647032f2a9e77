// Morphy: WordNet's lemmatizer (exception lists, then detachment rules),
// checked against the Lexicon's tables instead of libwordnet's files.
#include <algorithm>

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

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

template <size_t N>
void apply_rules(const Lexicon& lex, std::string_view word, WordClass c, const Detachment (&rules)[N],
                 std::vector<std::string>& out) {
  for (const Detachment& r : rules) {
    if (!ends_with(word, r.suffix) || word.size() <= r.suffix.size()) continue;
    std::string base(word.substr(0, word.size() - r.suffix.size()));
    base += r.ending;
    if (lex.contains(base, c) && std::find(out.begin(), out.end(), base) == out.end()) {
      out.push_back(std::move(base));
    }
  }
}

}  // namespace

std::vector<std::string> Lexicon::base_forms(std::string_view word, WordClass c) const {
  std::vector<std::string> out;
  const auto& exceptions = exceptions_[static_cast<int>(c)];
  if (auto it = exceptions.find(word); it != exceptions.end()) {
    for (const std::string& base : it->second) {
      if (contains(base, c) && std::find(out.begin(), out.end(), base) == out.end()) out.push_back(base);
    }
  }
  if (contains(word, c) && std::find(out.begin(), out.end(), word) == out.end()) {
    out.emplace_back(word);
  }
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

std::string Lexicon::lemma(std::string_view word, WordClass c) const {
  auto forms = base_forms(word, c);
  return forms.empty() ? std::string() : std::move(forms.front());
}

}  // namespace tagwire::engine
