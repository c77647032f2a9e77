// How often the URLs filed under each tag_key have changed: the version a kept
// urls_for_tag answer is checked against, so a put stales the answers of its
// own tags and no others.
//
// Keys are hashed into a fixed number of slots: two keys sharing a slot stale
// each other's answers (a spurious re-read, never a stale answer), and memory
// stays the same however many tags the index holds. of(key) changes after
// every bump(key) and every bump_all(), and never returns to an earlier value.
//
// Ordering, as TagIndex uses it: read of(key) before reading the index, bump
// after a change is readable; an answer kept under the value read is then
// served only while no change to its key has become readable since.
// Thread safety: every method may be called from any thread.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace tagwire::api::index_detail {

// Both counts, compared as a pair: a sum could match an earlier sum read with
// the other count ahead.
struct KeyGeneration {
  uint64_t all = 0;
  uint64_t key = 0;
  bool operator==(const KeyGeneration&) const = default;
};

class KeyGenerations {
 public:
  KeyGeneration of(const std::string& key) const {
    return {all_.load(std::memory_order_acquire), slot(key).load(std::memory_order_acquire)};
  }

  void bump(const std::string& key) { slot(key).fetch_add(1, std::memory_order_release); }

  // For a change whose keys are not known: stales every kept answer.
  void bump_all() { all_.fetch_add(1, std::memory_order_release); }

 private:
  static constexpr std::size_t kSlots = 4096;

  std::atomic<uint64_t>& slot(const std::string& key) { return slots_[std::hash<std::string>{}(key) % kSlots]; }
  const std::atomic<uint64_t>& slot(const std::string& key) const {
    return slots_[std::hash<std::string>{}(key) % kSlots];
  }

  std::array<std::atomic<uint64_t>, kSlots> slots_{};
  std::atomic<uint64_t> all_{0};
};

}  // namespace tagwire::api::index_detail
