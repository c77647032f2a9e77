// Inflection keys (see inflection.h): Porter's step 1 (M. F. Porter, "An
// algorithm for suffix stripping", 1980), then a final -e.
#include "text/inflection.h"

namespace tagwire::engine {
namespace {

bool ends_with(std::string_view w, std::string_view suffix) { return w.ends_with(suffix); }

// Porter's consonant: not a, e, i, o, u, and y only after a vowel.
bool is_consonant(std::string_view w, std::size_t i) {
  switch (w[i]) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return false;
    case 'y': return i == 0 || !is_consonant(w, i - 1);
    default: return true;
  }
}

bool has_vowel(std::string_view w) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (!is_consonant(w, i)) return true;
  }
  return false;
}

// Porter's m: the number of vowel-consonant sequences in [C](VC)^m[V].
int measure(std::string_view w) {
  int m = 0;
  std::size_t i = 0;
  while (i < w.size() && is_consonant(w, i)) ++i;
  while (i < w.size()) {
    while (i < w.size() && !is_consonant(w, i)) ++i;
    if (i == w.size()) break;
    while (i < w.size() && is_consonant(w, i)) ++i;
    ++m;
  }
  return m;
}

// Ends consonant-vowel-consonant, the last not w, x or y ("hop", not "hoop").
bool ends_cvc(std::string_view w) {
  const std::size_t n = w.size();
  if (n < 3 || !is_consonant(w, n - 1) || is_consonant(w, n - 2) || !is_consonant(w, n - 3)) return false;
  const char last = w[n - 1];
  return last != 'w' && last != 'x' && last != 'y';
}

// Step 1a: plurals ("caresses", "ponies", "cats").
void fold_plural(std::string& w) {
  if (ends_with(w, "sses") || ends_with(w, "ies")) {
    w.resize(w.size() - 2);
  } else if (ends_with(w, "s") && !ends_with(w, "ss")) {
    w.pop_back();
  }
}

// Step 1b: -eed, -ed, -ing ("agreed", "plastered", "motoring").
void fold_ed_ing(std::string& w) {
  if (ends_with(w, "eed")) {
    if (measure(std::string_view(w).substr(0, w.size() - 3)) > 0) w.pop_back();
    return;
  }
  std::size_t cut = 0;
  if (ends_with(w, "ed")) cut = 2;
  if (ends_with(w, "ing")) cut = 3;
  if (cut == 0 || !has_vowel(std::string_view(w).substr(0, w.size() - cut))) return;
  w.resize(w.size() - cut);
  if (ends_with(w, "at") || ends_with(w, "bl") || ends_with(w, "iz")) {
    w += 'e';  // "conflated" -> "conflate"
  } else if (w.size() >= 2 && w.back() == w[w.size() - 2] && is_consonant(w, w.size() - 1) && w.back() != 'l' &&
             w.back() != 's' && w.back() != 'z') {
    w.pop_back();  // "hopping" -> "hop"
  } else if (measure(w) == 1 && ends_cvc(w)) {
    w += 'e';  // "filing" -> "file"
  }
}

}  // namespace

std::string without_inflection(std::string_view word) {
  std::string w(word);
  if (w.size() <= 2) return w;
  fold_plural(w);
  fold_ed_ing(w);
  if (w.size() > 1 && w.back() == 'y' && has_vowel(std::string_view(w).substr(0, w.size() - 1))) w.back() = 'i';  // 1c
  if (w.size() > 2 && w.back() == 'e') w.pop_back();  // "bone" and "bon(es)", "damage" and "damag(ed)"
  return w;
}

}  // namespace tagwire::engine
