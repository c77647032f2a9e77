// Inflection keys: what is left of a tag once its English inflections are
// folded away, so that "bone" and "bones", "bank" and "banking", "fuzzy
// model" and "fuzzy modeling" are seen as one tag and the lower-ranked one is
// dropped. The folding is the first step of Porter's stemmer (plural -s/-es,
// -ed, -ing, a final -y), then a final -e, on each word; derivations
// ("employer", "employment") are left apart. Words are expected in lower
// case; bytes outside ASCII are kept as they are. Acronyms are the caller's to
// leave alone: "https" folds to "http".
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace tagwire::engine {

// The word without its inflection: "bones" -> "bon", "bone" -> "bon",
// "banking" -> "bank", "damaged" -> "damag", "cities" -> "citi".
std::string without_inflection(std::string_view word);

}  // namespace tagwire::engine
