// Tag spelling and tag keys (see tag_text.h).
#include "tagwire/common/tag_text.h"

#include <cstdint>

#include "tagwire/common/utf8.h"

namespace tagwire {
namespace {

bool is_space(char32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == '-' || c == '_';
}

// Decodes the code point at s[i] and advances i. A byte that does not start a
// whole UTF-8 sequence is returned as itself with `raw` set, so nothing is lost.
char32_t next_code_point(std::string_view s, std::size_t& i, bool& raw) {
  auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
  const std::uint8_t b = byte(i);
  const std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  raw = n != 1 && (n == 0 || i + n > s.size());
  for (std::size_t k = 1; !raw && k < n; ++k) raw = (byte(i + k) & 0xC0) != 0x80;
  if (n <= 1 || raw) {
    ++i;
    return b;
  }
  char32_t c = b & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) c = (c << 6) | (byte(i + k) & 0x3F);
  i += n;
  return c;
}

// Words ending in 's' that are singular (or have no separate singular) and that
// the suffix rules would otherwise cut.
constexpr std::string_view kNotPlural[] = {
    "news",      "series",   "species",  "physics",     "mathematics", "economics",  "politics",
    "athletics", "ethics",   "genetics", "linguistics", "statistics",  "gymnastics", "electronics",
    "robotics",  "logistics", "diabetes", "measles",    "rabies",      "herpes",     "lens",
    "atlas",     "canvas",   "chaos",    "bias",        "alias",       "christmas",  "kudos"};

// Singulars ending in "ie" or "che" whose plurals the "-ies" and "-ches" rules
// would cut wrongly ("movies" is not "movy", "caches" is not "cach").
constexpr std::string_view kSingularsEndingInE[] = {
    "movie", "cookie", "calorie", "zombie",   "brownie",   "rookie",    "selfie", "hippie", "prairie",
    "cache", "niche",  "ache",    "headache", "avalanche", "moustache", "cliche", "quiche", "psyche"};

template <typename List>
bool is_listed(const List& list, std::string_view word) {
  for (std::string_view w : list) {
    if (w == word) return true;
  }
  return false;
}

}  // namespace

std::string normalize_tag(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < raw.size();) {
    const std::size_t start = i;
    bool is_raw = false;
    const char32_t c = next_code_point(raw, i, is_raw);
    if (!is_raw && is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    if (is_raw) {
      out += raw[start];
    } else {
      append_utf8(out, lower_code_point(c));
    }
  }
  return out;
}

std::string singular_noun(std::string_view word) {
  // Short words ("is", "us", "gas", "bus") and words that only look plural stay.
  if (word.size() <= 3 || is_listed(kNotPlural, word)) return std::string(word);
  if (word.ends_with("ss") || word.ends_with("us") || word.ends_with("is")) return std::string(word);
  if (!word.ends_with('s')) return std::string(word);
  if (is_listed(kSingularsEndingInE, word.substr(0, word.size() - 1))) {
    return std::string(word.substr(0, word.size() - 1));
  }
  if (word.ends_with("ies") && word.size() > 4) return std::string(word.substr(0, word.size() - 3)) + "y";
  // Not "-zes": "sizes" and "prizes" are far commoner than "quizzes".
  if (word.ends_with("sses") || word.ends_with("xes") || word.ends_with("ches") || word.ends_with("shes")) {
    return std::string(word.substr(0, word.size() - 2));
  }
  return std::string(word.substr(0, word.size() - 1));
}

std::string tag_key(std::string_view tag) {
  const std::string spelled = normalize_tag(tag);
  std::string key;
  key.reserve(spelled.size());
  std::size_t start = 0;
  while (start < spelled.size()) {
    std::size_t end = spelled.find(' ', start);
    if (end == std::string::npos) end = spelled.size();
    if (!key.empty()) key += ' ';
    key += singular_noun(std::string_view(spelled).substr(start, end - start));
    start = end + 1;
  }
  return key;
}

}  // namespace tagwire
