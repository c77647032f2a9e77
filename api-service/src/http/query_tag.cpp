// Normalizing a queried tag the way the engine normalizes the tags it stores.
#include "tagwire/api/http_query_tag.h"

#include <string_view>

namespace tagwire::api {
namespace {

// Words ending in 's' that are singular (or have no separate singular) and that
// the suffix rules below would otherwise cut.
constexpr std::string_view kNotPlural[] = {
    "news",     "series",    "species",     "physics",    "mathematics", "economics", "politics",
    "athletics", "ethics",   "genetics",    "linguistics", "statistics", "gymnastics", "electronics",
    "robotics", "logistics", "diabetes",    "measles",    "rabies",      "herpes",    "lens",
    "atlas",    "canvas",    "chaos",       "bias",       "alias",       "christmas", "kudos"};

// Singulars ending in "ie" or "che" whose plurals the "-ies" and "-ches" rules
// would cut wrongly ("movies" is not "movy", "caches" is not "cach").
constexpr std::string_view kSingularsEndingInE[] = {
    "movie",  "cookie", "calorie", "zombie",    "brownie",   "rookie", "selfie", "hippie", "prairie",
    "cache",  "niche",  "ache",    "headache",  "avalanche", "moustache", "cliche", "quiche", "psyche"};

template <typename List>
bool is_listed(const List& list, std::string_view word) {
  for (std::string_view w : list) {
    if (w == word) return true;
  }
  return false;
}

bool ends_with(std::string_view word, std::string_view suffix) {
  return word.size() >= suffix.size() && word.substr(word.size() - suffix.size()) == suffix;
}

char lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_separator(char c) { return c == ' ' || c == '-' || c == '_' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::string singular_noun(std::string_view word) {
  // Short words ("is", "us", "gas", "bus") and words that only look plural stay.
  if (word.size() <= 3 || is_listed(kNotPlural, word)) return std::string(word);
  if (ends_with(word, "ss") || ends_with(word, "us") || ends_with(word, "is")) return std::string(word);
  if (is_listed(kSingularsEndingInE, word.substr(0, word.size() - 1))) {
    return std::string(word.substr(0, word.size() - 1));
  }
  if (ends_with(word, "ies") && word.size() > 4) return std::string(word.substr(0, word.size() - 3)) + "y";
  // Not "-zes": "sizes" and "prizes" are far commoner than "quizzes".
  if (ends_with(word, "sses") || ends_with(word, "xes") || ends_with(word, "ches") || ends_with(word, "shes")) {
    return std::string(word.substr(0, word.size() - 2));
  }
  if (ends_with(word, "s")) return std::string(word.substr(0, word.size() - 1));
  return std::string(word);
}

namespace {

template <typename WordForm>
std::string normalize_words(std::string_view tag, WordForm word_form) {
  std::string out;
  std::string word;
  const auto flush_word = [&] {
    if (word.empty()) return;
    if (!out.empty()) out += ' ';
    out += word_form(word);
    word.clear();
  };
  for (char c : tag) {
    if (is_separator(c)) {
      flush_word();
    } else {
      word += lower_ascii(c);
    }
  }
  flush_word();
  return out;
}

}  // namespace

std::string spelled_query_tag(std::string_view tag) {
  return normalize_words(tag, [](const std::string& word) { return word; });
}

std::string normalize_query_tag(std::string_view tag) {
  return normalize_words(tag, [](const std::string& word) { return singular_noun(word); });
}

}  // namespace tagwire::api
