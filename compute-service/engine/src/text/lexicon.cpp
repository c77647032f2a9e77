// Lexicon loading: WordNet's index, exception and sense-count files into hash tables.
//
// Each file is read whole and parsed in place; only the lemma strings and a
// few counters are kept, so the file buffers are freed before load returns.
#include "tagwire/engine/lexicon.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace tagwire::engine {
namespace {

Result<std::string> read_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return Error::make(ErrorKind::kNotFound, "cannot open WordNet file " + path + ": " + std::strerror(errno) +
                                                 " (is the wordnet-base package installed?)");
  }
  std::string bytes;
  if (std::fseek(f, 0, SEEK_END) == 0) {
    const long size = std::ftell(f);
    if (size > 0) bytes.resize(static_cast<size_t>(size));
    std::rewind(f);
  }
  const size_t got = std::fread(bytes.data(), 1, bytes.size(), f);
  bytes.resize(got);
  const bool failed = std::ferror(f) != 0;
  const int error = errno;
  std::fclose(f);
  if (failed) {
    return Error::make(ErrorKind::kNotFound, "cannot read WordNet file " + path + ": " + std::strerror(error));
  }
  return bytes;
}

// Calls fn(line) for each line of `text`, without the newline.
template <typename Fn>
void for_each_line(std::string_view text, Fn&& fn) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    fn(text.substr(start, end - start));
    start = end + 1;
  }
}

// Splits a line at spaces into at most `max` fields; returns the count.
size_t split_fields(std::string_view line, std::string_view* fields, size_t max) {
  size_t n = 0;
  size_t i = 0;
  while (i < line.size() && n < max) {
    while (i < line.size() && line[i] == ' ') ++i;
    if (i >= line.size()) break;
    size_t j = line.find(' ', i);
    if (j == std::string_view::npos) j = line.size();
    fields[n++] = line.substr(i, j - i);
    i = j;
  }
  return n;
}

uint32_t to_uint(std::string_view s) {
  uint32_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') break;
    v = v * 10 + static_cast<uint32_t>(c - '0');
  }
  return v;
}

// WordNet joins the words of a collocation with '_'; we store them with spaces.
std::string lemma_key(std::string_view raw) {
  std::string key(raw);
  for (char& c : key) {
    if (c == '_') c = ' ';
  }
  return key;
}

const char* const kClassFileNames[kWordClassCount] = {"noun", "verb", "adj", "adv"};

// WordNet 3.0 has 147,306 distinct lemmas; a power of two over twice that
// keeps probe chains short without ever growing.
constexpr size_t kTableSlots = size_t{1} << 19;

Status table_full(const std::string& dir) {
  return Error::make(ErrorKind::kInternal, "the WordNet files in " + dir + " hold more than " +
                                               std::to_string(kTableSlots / 2) +
                                               " words; is this WordNet 3.0 (--wordnet-dir)?");
}

}  // namespace

Result<std::shared_ptr<const Lexicon>> Lexicon::load(const std::string& dir) {
  std::shared_ptr<Lexicon> lex(new Lexicon());
  lex->slots_.assign(kTableSlots, 0);
  lex->entries_.reserve(160000);  // lemmas and the inflected forms of the exception lists
  lex->arena_.reserve(1700000);
  for (auto step : {&Lexicon::load_index_files, &Lexicon::load_exceptions, &Lexicon::load_sense_counts}) {
    if (Status loaded = (lex.get()->*step)(dir); !loaded) return loaded.error();
  }
  return std::shared_ptr<const Lexicon>(std::move(lex));
}

// index.<class>: "lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt offsets..."
Status Lexicon::load_index_files(const std::string& dir) {
  for (int c = 0; c < kWordClassCount; ++c) {
    auto bytes = read_file(dir + "/index." + kClassFileNames[c]);
    if (!bytes) return bytes.error();
    for_each_line(*bytes, [&](std::string_view line) {
      if (line.empty() || line[0] == ' ') return;  // license header
      if (full()) return;
      std::string_view f[4];
      if (split_fields(line, f, 4) < 4) return;
      LemmaInfo& info = entries_[insert(lemma_key(f[0]))].info;
      if (info.classes == 0) ++lemma_count_;
      info.classes |= static_cast<uint8_t>(1U << c);
      info.senses[c] = static_cast<uint16_t>(to_uint(f[2]));
    });
    if (full()) return table_full(dir);
  }
  return Ok{};
}

// <class>.exc: "inflected base [base...]". Only bases that are lemmas of the
// class can be morphy's answer, so only those are kept, in file order and
// without repeats; a form on several lines gets the bases of all.
Status Lexicon::load_exceptions(const std::string& dir) {
  std::vector<std::vector<uint32_t>> bases_by_class[kWordClassCount];
  std::vector<uint32_t> forms;  // entries with exception bases, first seen first
  for (int c = 0; c < kWordClassCount; ++c) {
    auto bytes = read_file(dir + "/" + kClassFileNames[c] + ".exc");
    if (!bytes) return bytes.error();
    for_each_line(*bytes, [&](std::string_view line) {
      std::string_view f[8];
      const size_t n = split_fields(line, f, 8);
      if (n < 2 || full()) return;
      const uint32_t form = insert(lemma_key(f[0]));
      if (entries_[form].exceptions == 0) {
        forms.push_back(form);
        entries_[form].exceptions = static_cast<uint32_t>(forms.size());
        for (auto& lists : bases_by_class) lists.emplace_back();
      }
      auto& bases = bases_by_class[c][entries_[form].exceptions - 1];
      for (size_t i = 1; i < n; ++i) {
        const Entry* base = entry_of(lemma_key(f[i]));
        if (base == nullptr || !base->info.has(static_cast<WordClass>(c))) continue;
        const auto index = static_cast<uint32_t>(base - entries_.data());
        if (std::find(bases.begin(), bases.end(), index) == bases.end()) bases.push_back(index);
      }
    });
    if (full()) return table_full(dir);
  }
  exception_lists_.resize(forms.size());
  for (size_t k = 0; k < forms.size(); ++k) {
    for (int c = 0; c < kWordClassCount; ++c) {
      const auto& bases = bases_by_class[c][k];
      exception_lists_[k].begin[c] = static_cast<uint32_t>(exception_bases_.size());
      exception_lists_[k].count[c] = static_cast<uint8_t>(std::min<size_t>(bases.size(), BaseForms::kCapacity / 2));
      exception_bases_.insert(exception_bases_.end(), bases.begin(), bases.begin() + exception_lists_[k].count[c]);
    }
  }
  return Ok{};
}

// cntlist.rev: "lemma%ss_type:lex_filenum:lex_id:head:head_id sense_number tag_cnt",
// ss_type 1 noun, 2 verb, 3 adjective, 4 adverb, 5 adjective satellite.
Status Lexicon::load_sense_counts(const std::string& dir) {
  auto counts = read_file(dir + "/cntlist.rev");
  if (!counts) return counts.error();
  for_each_line(*counts, [&](std::string_view line) {
    std::string_view f[3];
    if (split_fields(line, f, 3) < 3) return;
    const size_t pct = f[0].find('%');
    if (pct == std::string_view::npos || pct + 1 >= f[0].size()) return;
    const int ss_type = f[0][pct + 1] - '0';
    const int c = ss_type == 5 ? 2 : ss_type - 1;
    if (c < 0 || c >= kWordClassCount) return;
    const std::string key = lemma_key(f[0].substr(0, pct));
    const uint64_t slot = slots_[slot_of(key, hash(key))];
    if (slot != 0) entries_[entry_index(slot)].info.tagged[c] += to_uint(f[2]);
  });
  return Ok{};
}

// FNV-1a over the bytes, then a 64-bit finalizer (MurmurHash3's fmix64) so
// the low bits that pick the slot and the high bits kept as the slot's tag
// both depend on every byte. Inline and allocation-free: it runs several
// times per word of every page.
uint64_t Lexicon::hash(std::string_view word) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : word) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

size_t Lexicon::slot_of(std::string_view word, uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  const auto tag = static_cast<uint32_t>(hash >> 32);
  size_t slot = hash & mask;
  while (slots_[slot] != 0) {
    if (static_cast<uint32_t>(slots_[slot] >> 32) == tag) {
      const Entry& e = entries_[entry_index(slots_[slot])];
      if (word_of(e) == word) return slot;
    }
    slot = (slot + 1) & mask;
  }
  return slot;
}

uint32_t Lexicon::insert(std::string_view word) {
  const uint64_t h = hash(word);
  const size_t slot = slot_of(word, h);
  if (slots_[slot] == 0) {
    entries_.push_back(Entry{static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(word.size()), 0, {}});
    arena_.append(word);
    slots_[slot] = (static_cast<uint64_t>(h >> 32) << 32) | entries_.size();
  }
  return entry_index(slots_[slot]);
}

const Lexicon::Entry* Lexicon::entry_of(std::string_view word) const {
  const uint64_t value = slots_[slot_of(word, hash(word))];
  return value == 0 ? nullptr : &entries_[entry_index(value)];
}

const LemmaInfo* Lexicon::find(std::string_view lemma) const {
  const Entry* e = entry_of(lemma);
  return e == nullptr || e->info.classes == 0 ? nullptr : &e->info;
}

}  // namespace tagwire::engine
