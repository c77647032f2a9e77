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

// One base form found by morphy: the lemma and what WordNet says about it.
struct BaseForm {
  std::string_view lemma;  // points into the Lexicon
  const LemmaInfo* info = nullptr;
};

// Morphy's base forms of one word in one class, in morphy's order, held
// inline: the exception forms (WordNet 3.0 lists at most 2 per word and
// class: `awk '{n[$1]+=NF-1} END{...max...}' /usr/share/wordnet/*.exc`), the
// word itself and at most 8 detachment forms, all distinct, fit with room.
class BaseForms {
 public:
  static constexpr size_t kCapacity = 16;
  const BaseForm* begin() const { return forms_; }
  const BaseForm* end() const { return forms_ + size_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const BaseForm& front() const { return forms_[0]; }
  // Appends `form` unless it is already there (same entry) or the list is full.
  void add(const BaseForm& form) {
    for (size_t i = 0; i < size_; ++i) {
      if (forms_[i].info == form.info) return;
    }
    if (size_ < kCapacity) forms_[size_++] = form;
  }

 private:
  BaseForm forms_[kCapacity];
  size_t size_ = 0;
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

  // The same forms without allocating: each one a view of the lemma as the
  // Lexicon stores it (valid as long as the Lexicon) with its entry. This is
  // the tagger's hot path, run for every word and class.
  BaseForms find_base_forms(std::string_view word, WordClass c) const;

  // `word` as a lemma of class `c` (info is nullptr when it is not one).
  BaseForm lemma_of_class(std::string_view word, WordClass c) const;

  // The first base form, or an empty string.
  std::string lemma(std::string_view word, WordClass c) const;

  // Number of lemmas.
  size_t size() const { return lemma_count_; }

 private:
  // A word of the table: a lemma (info.classes != 0) or an inflected form
  // that only the exception lists name ("children"), or both.
  struct Entry {
    uint32_t offset = 0;  // of the word in arena_
    uint32_t length = 0;
    uint32_t exceptions = 0;  // index + 1 in exception_lists_, 0 = none
    LemmaInfo info;
  };
  // The exception-list bases of one inflected form, per class: entry indexes
  // in exception_bases_[begin, begin + count), already restricted to bases
  // that are lemmas of that class and without repeats.
  struct ExceptionList {
    uint32_t begin[kWordClassCount] = {};
    uint8_t count[kWordClassCount] = {};
  };

  Lexicon() = default;
  // The three steps of load(), in this order: index.<class> (lemmas, classes,
  // sense counts), <class>.exc (irregular forms), cntlist.rev (tagged counts).
  Status load_index_files(const std::string& dir);
  Status load_exceptions(const std::string& dir);
  Status load_sense_counts(const std::string& dir);

  static uint64_t hash(std::string_view word);
  // The entry index a non-empty slot holds.
  static uint32_t entry_index(uint64_t slot) { return static_cast<uint32_t>((slot & 0xFFFFFFFFU) - 1); }
  // The table never grows: past half its slots load() fails rather than let
  // probe chains grow without bound (or never end, with every slot taken).
  bool full() const { return entries_.size() >= slots_.size() / 2; }
  // The entry for `word`, created empty when absent (load only); its index.
  // Precondition: !full().
  uint32_t insert(std::string_view word);
  // The slot of slots_ that holds `word`, or the empty slot where it belongs.
  size_t slot_of(std::string_view word, uint64_t hash) const;
  // The entry for `word`, lemma or not, or nullptr.
  const Entry* entry_of(std::string_view word) const;
  std::string_view word_of(const Entry& e) const { return std::string_view(arena_).substr(e.offset, e.length); }

  // An open-addressing hash table: a slot holds the word's 32-bit hash in its
  // high half and entry index + 1 in its low half (0 = empty), so a probe
  // rarely touches an entry that does not match; the strings live back to
  // back in arena_. No allocation per word.
  std::string arena_;
  std::vector<Entry> entries_;
  std::vector<uint64_t> slots_;
  std::vector<ExceptionList> exception_lists_;
  std::vector<uint32_t> exception_bases_;
  size_t lemma_count_ = 0;
};

}  // namespace tagwire::engine
