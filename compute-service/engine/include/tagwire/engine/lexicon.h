// Lexicon: WordNet 3.0's lemmas, parts of speech, sense counts and
// exception lists, read once into immutable tables, plus morphy (WordNet's
// lemmatizer) reimplemented over them.
//
// Lexicon::load reads index.{noun,verb,adj,adv}, the four *.exc exception files
// and cntlist.rev from a WordNet dictionary folder. It fails (kNotFound) when a
// file is missing or unreadable. After load the object never changes, so any
// number of threads may share one through the shared_ptr without locking. It
// does not use libwordnet, whose calls keep global state and static buffers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tagwire/common/result.h"

#ifndef TAGWIRE_WORDNET_DIR
#define TAGWIRE_WORDNET_DIR "/usr/share/wordnet"
#endif

namespace tagwire::engine {

// WordNet's four open-class parts of speech.
enum class WordClass : uint8_t { kNoun = 0, kVerb = 1, kAdj = 2, kAdv = 3 };
constexpr int kWordClassCount = 4;

// What WordNet says about one lemma (lowercase, multi-word lemmas joined by
// spaces, e.g. "web site").
struct LemmaInfo {
  uint8_t classes = 0;                        // bit (1 << WordClass) set when the lemma has that class
  uint16_t senses[kWordClassCount] = {};      // number of senses per class
  // Occurrences of the lemma per class in WordNet's sense-tagged corpus
  // (cntlist.rev): a general-English frequency figure.
  uint32_t tagged[kWordClassCount] = {};

  bool has(WordClass c) const { return (classes >> static_cast<int>(c)) & 1U; }
  uint32_t tagged_total() const { return tagged[0] + tagged[1] + tagged[2] + tagged[3]; }
};

class Lexicon {
 public:
  // Reads the dictionary in `dir`. Takes about 0.1 s and a few tens of MB.
  static Result<std::shared_ptr<const Lexicon>> load(const std::string& dir = TAGWIRE_WORDNET_DIR);

  // The entry for a lowercase lemma, or nullptr when WordNet does not know it.
  const LemmaInfo* find(std::string_view lemma) const;

  bool contains(std::string_view lemma, WordClass c) const {
    const LemmaInfo* info = find(lemma);
    return info != nullptr && info->has(c);
  }

  // WordNet's morphy: the base forms of a lowercase word in class `c` that
  // WordNet knows, exception-list forms first, then the word itself, then
  // forms from the detachment rules ("meetings" → "meeting", "children" →
  // "child", "analyses" → "analysis"). Empty when none is known.
  std::vector<std::string> base_forms(std::string_view word, WordClass c) const;

  // The first base form, or an empty string.
  std::string lemma(std::string_view word, WordClass c) const;

  size_t size() const { return entries_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using ExceptionTable = std::unordered_map<std::string, std::vector<std::string>, Hash, std::equal_to<>>;
  struct Entry {
    uint32_t offset = 0;  // of the lemma in arena_
    uint32_t length = 0;
    LemmaInfo info;
  };

  Lexicon() = default;
  // The entry for `lemma`, created empty when absent (load only).
  LemmaInfo& insert(std::string_view lemma);
  // The slot of slots_ that holds `lemma`, or the empty slot where it belongs.
  size_t slot_of(std::string_view lemma, size_t hash) const;

  // An open-addressing hash table: a slot holds the lemma's 32-bit hash in its
  // high half and entry index + 1 in its low half (0 = empty), so a probe
  // rarely touches an entry that does not match; the lemma strings live back
  // to back in arena_. No allocation per lemma.
  std::string arena_;
  std::vector<Entry> entries_;
  std::vector<uint64_t> slots_;
  ExceptionTable exceptions_[kWordClassCount];
};

}  // namespace tagwire::engine
