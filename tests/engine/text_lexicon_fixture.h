// One WordNet Lexicon shared by the text, tagger and engine tests: loading it
// takes about 0.1 s, so each test binary loads it once.
#pragma once

#include <catch2/catch.hpp>

#include "tagwire/engine/lexicon.h"

namespace tagwire::engine::testing {

inline const std::shared_ptr<const Lexicon>& shared_lexicon() {
  static const std::shared_ptr<const Lexicon> lexicon = [] {
    auto loaded = Lexicon::load();
    if (!loaded) FAIL("cannot load WordNet: " << loaded.error().message);
    return *loaded;
  }();
  return lexicon;
}

}  // namespace tagwire::engine::testing
