// LruCache<V>: a thread-safe, string-keyed cache bounded by entries and by bytes,
// with a time-to-live per entry. The compute workers keep page results in it,
// keyed by normalized URL.
//
// Contract:
// - Bounds. An entry's size is key.size() + the value size the caller gives at
//   put() (the cache cannot measure a V itself). After every put() the cache holds
//   at most `max_entries` entries and at most `max_bytes` bytes. To make room it
//   removes the least recently used entries first; get() and put() both count as
//   a use. An entry whose own size exceeds `max_bytes` is not stored at all:
//   put() returns false (counted in `rejections`) and, if the key was present,
//   the old value is removed too, so a get() never returns a value older than
//   the last put().
// - Time. There is no hidden clock: every call that needs time takes `now`
//   (steady_clock). An entry put at `now` with `ttl` expires at `now + ttl`;
//   from that instant get() treats it as absent. Expired entries are dropped when
//   met: by get() of their key, by put() of their key, and when eviction reaches
//   them at the old end of the list (those count as expirations, not evictions).
//   A ttl that is zero or negative stores nothing (put() returns false).
// - Values. get() returns a copy of the value; for large values use a cheap
//   handle such as std::shared_ptr<const T>.
// - Thread safety. Every member function is safe to call from any thread: one
//   mutex guards the whole cache. get() must take it too, since a hit moves the
//   entry to the recently used end. The critical sections are O(1) apart from
//   the copy of V and the evictions a put() triggers.
// - Complexity. get, put, erase: O(1) average (hash map plus intrusive list);
//   a put() that evicts k entries costs O(k).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace tagwire {

struct LruCacheOptions {
  std::size_t max_entries = 10'000;
  std::size_t max_bytes = 256u * 1024u * 1024u;
  // TTL used by the put() overload that takes none (the original kept pages 3 h).
  std::chrono::milliseconds default_ttl = std::chrono::hours(3);
};

// A consistent snapshot of the cache's counters and size, taken under its lock.
// Counters only grow; they are never reset (clear() included). At any snapshot:
//   entries == insertions - evictions - expirations - erasures.
struct LruCacheStats {
  std::uint64_t hits = 0;          // get() found a live entry
  std::uint64_t misses = 0;        // get() found nothing or an expired entry
  std::uint64_t insertions = 0;    // put() stored a key that was not present
  std::uint64_t replacements = 0;  // put() stored a new value for a present key
  std::uint64_t rejections = 0;    // put() stored nothing (too large, ttl <= 0)
  std::uint64_t evictions = 0;     // live entries removed to respect the bounds
  std::uint64_t expirations = 0;   // expired entries dropped when met
  std::uint64_t erasures = 0;      // entries removed by erase(), clear() or a rejected replacement
  std::size_t entries = 0;         // entries held now (expired ones not yet met included)
  std::size_t bytes = 0;           // sum of the entries' sizes
};

template <class V>
class LruCache {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit LruCache(LruCacheOptions options = {}) : options_(options) {}
  LruCache(const LruCache&) = delete;
  LruCache& operator=(const LruCache&) = delete;

  // Returns the live value for `key` and marks it most recently used; returns
  // nullopt when the key is absent or its entry has expired at `now`.
  std::optional<V> get(std::string_view key, TimePoint now) {
    std::lock_guard lock(mutex_);
    const auto found = index_.find(key);
    if (found == index_.end()) {
      ++stats_.misses;
      return std::nullopt;
    }
    const auto entry = found->second;
    if (is_expired(*entry, now)) {
      ++stats_.misses;
      ++stats_.expirations;
      remove(entry);
      return std::nullopt;
    }
    ++stats_.hits;
    entries_.splice(entries_.begin(), entries_, entry);
    return entry->value;
  }

  // Stores `value` under `key` for `ttl`, with size key.size() + value_bytes,
  // replacing any previous value, then evicts until both bounds hold. Returns
  // false, storing nothing, when the entry alone exceeds max_bytes or ttl <= 0.
  bool put(std::string key, V value, std::size_t value_bytes, std::chrono::milliseconds ttl,
           TimePoint now) {
    const std::size_t size = key.size() + value_bytes;
    std::lock_guard lock(mutex_);
    const auto found = index_.find(key);
    if (size > options_.max_bytes || value_bytes > options_.max_bytes || ttl <= ttl.zero() ||
        options_.max_entries == 0) {
      ++stats_.rejections;
      if (found != index_.end()) {
        ++stats_.erasures;
        remove(found->second);
      }
      return false;
    }
    if (found != index_.end()) {
      const auto entry = found->second;
      if (is_expired(*entry, now)) {
        ++stats_.expirations;
        remove(entry);
      } else {
        ++stats_.replacements;
        stats_.bytes -= entry->bytes;
        entry->value = std::move(value);
        entry->bytes = size;
        entry->expires_at = now + ttl;
        stats_.bytes += size;
        entries_.splice(entries_.begin(), entries_, entry);
        evict_to_bounds(now);
        return true;
      }
    }
    ++stats_.insertions;
    entries_.push_front(Entry{std::move(key), std::move(value), size, now + ttl});
    index_.emplace(std::string_view(entries_.front().key), entries_.begin());
    stats_.bytes += size;
    evict_to_bounds(now);
    return true;
  }

  // put() with options.default_ttl.
  bool put(std::string key, V value, std::size_t value_bytes, TimePoint now) {
    return put(std::move(key), std::move(value), value_bytes, options_.default_ttl, now);
  }

  // Removes `key`; returns whether it was present (expired or not).
  bool erase(std::string_view key) {
    std::lock_guard lock(mutex_);
    const auto found = index_.find(key);
    if (found == index_.end()) return false;
    ++stats_.erasures;
    remove(found->second);
    return true;
  }

  // Removes every entry (counted as erasures); counters are kept.
  void clear() {
    std::lock_guard lock(mutex_);
    stats_.erasures += entries_.size();
    index_.clear();
    entries_.clear();
    stats_.bytes = 0;
  }

  LruCacheStats stats() const {
    std::lock_guard lock(mutex_);
    LruCacheStats snapshot = stats_;
    snapshot.entries = entries_.size();
    return snapshot;
  }

  const LruCacheOptions& options() const { return options_; }

 private:
  struct Entry {
    std::string key;  // the index's string_view keys point into this string
    V value;
    std::size_t bytes;
    TimePoint expires_at;
  };
  using EntryList = std::list<Entry>;  // front: most recently used

  static bool is_expired(const Entry& entry, TimePoint now) { return now >= entry.expires_at; }

  void remove(typename EntryList::iterator entry) {
    stats_.bytes -= entry->bytes;
    index_.erase(std::string_view(entry->key));
    entries_.erase(entry);
  }

  // Invariant on return: entries_.size() <= max_entries and stats_.bytes <= max_bytes.
  // Terminates because put() rejected any single entry larger than max_bytes.
  void evict_to_bounds(TimePoint now) {
    while (entries_.size() > options_.max_entries || stats_.bytes > options_.max_bytes) {
      const auto oldest = std::prev(entries_.end());
      if (is_expired(*oldest, now)) {
        ++stats_.expirations;
      } else {
        ++stats_.evictions;
      }
      remove(oldest);
    }
  }

  const LruCacheOptions options_;
  mutable std::mutex mutex_;
  EntryList entries_;
  // Keys are views of the list nodes' own strings (list nodes never move), so a
  // key is stored once and lookups need no std::string.
  std::unordered_map<std::string_view, typename EntryList::iterator> index_;
  LruCacheStats stats_;  // entries is filled in by stats()
};

}  // namespace tagwire
