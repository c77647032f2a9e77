// LruCache: eviction order, TTL, byte accounting, counters, concurrent use.
#include "tagwire/common/lru_cache.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <random>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using tagwire::LruCache;
using tagwire::LruCacheOptions;
using TimePoint = std::chrono::steady_clock::time_point;

namespace {
const TimePoint kStart{};  // a fixed origin: tests move time by hand
}

TEST_CASE("a stored value is returned until its ttl ends", "[cache]") {
  LruCache<std::string> cache;
  REQUIRE(cache.put("k", "v", 1, 100ms, kStart));
  CHECK(cache.get("k", kStart + 99ms) == "v");
  CHECK_FALSE(cache.get("k", kStart + 100ms).has_value());
  const auto stats = cache.stats();
  CHECK(stats.hits == 1);
  CHECK(stats.misses == 1);
  CHECK(stats.expirations == 1);
  CHECK(stats.entries == 0);
  CHECK(stats.bytes == 0);
}

TEST_CASE("put without a ttl uses the default ttl", "[cache]") {
  LruCache<int> cache(LruCacheOptions{.max_entries = 10, .max_bytes = 1000, .default_ttl = 5s});
  REQUIRE(cache.put("k", 1, 0, kStart));
  CHECK(cache.get("k", kStart + 4999ms) == 1);
  CHECK_FALSE(cache.get("k", kStart + 5s).has_value());
}

TEST_CASE("a non-positive ttl stores nothing", "[cache]") {
  LruCache<int> cache;
  CHECK_FALSE(cache.put("k", 1, 0, 0ms, kStart));
  CHECK_FALSE(cache.get("k", kStart).has_value());
  CHECK(cache.stats().rejections == 1);
}

TEST_CASE("the least recently used entry is evicted first when entries are full", "[cache]") {
  LruCache<int> cache(LruCacheOptions{.max_entries = 3, .max_bytes = 1000, .default_ttl = 1h});
  cache.put("a", 1, 0, kStart);
  cache.put("b", 2, 0, kStart);
  cache.put("c", 3, 0, kStart);
  REQUIRE(cache.get("a", kStart) == 1);  // a is now the most recently used; b the least
  cache.put("d", 4, 0, kStart);
  CHECK_FALSE(cache.get("b", kStart).has_value());
  CHECK(cache.get("a", kStart) == 1);
  CHECK(cache.get("c", kStart) == 3);
  CHECK(cache.get("d", kStart) == 4);
  cache.put("e", 5, 0, kStart);  // order now (old→new): a c d e → a goes
  CHECK_FALSE(cache.get("a", kStart).has_value());
  const auto stats = cache.stats();
  CHECK(stats.evictions == 2);
  CHECK(stats.entries == 3);
}

TEST_CASE("a put refreshes recency like a get", "[cache]") {
  LruCache<int> cache(LruCacheOptions{.max_entries = 2, .max_bytes = 1000, .default_ttl = 1h});
  cache.put("a", 1, 0, kStart);
  cache.put("b", 2, 0, kStart);
  cache.put("a", 10, 0, kStart);
  cache.put("c", 3, 0, kStart);
  CHECK(cache.get("a", kStart) == 10);
  CHECK_FALSE(cache.get("b", kStart).has_value());
}

TEST_CASE("entries are evicted by bytes, counting key and value sizes", "[cache]") {
  LruCache<int> cache(LruCacheOptions{.max_entries = 100, .max_bytes = 30, .default_ttl = 1h});
  cache.put("k1", 1, 8, kStart);  // 10 bytes
  cache.put("k2", 2, 8, kStart);  // 20
  cache.put("k3", 3, 8, kStart);  // 30: exactly at the bound
  CHECK(cache.stats().bytes == 30);
  CHECK(cache.stats().evictions == 0);
  cache.put("k4", 4, 13, kStart);  // 15 more: k1 and k2 must go (45 → 35 → 25)
  const auto stats = cache.stats();
  CHECK(stats.bytes == 25);
  CHECK(stats.evictions == 2);
  CHECK_FALSE(cache.get("k1", kStart).has_value());
  CHECK_FALSE(cache.get("k2", kStart).has_value());
  CHECK(cache.get("k3", kStart) == 3);
  CHECK(cache.get("k4", kStart) == 4);
}

TEST_CASE("replacing a key updates its byte size", "[cache]") {
  LruCache<std::string> cache(LruCacheOptions{.max_entries = 100, .max_bytes = 100, .default_ttl = 1h});
  cache.put("key", "small", 10, kStart);
  CHECK(cache.stats().bytes == 13);
  cache.put("key", "large", 50, kStart);
  CHECK(cache.stats().bytes == 53);
  cache.put("key", "tiny", 1, kStart);
  const auto stats = cache.stats();
  CHECK(stats.bytes == 4);
  CHECK(stats.entries == 1);
  CHECK(stats.insertions == 1);
  CHECK(stats.replacements == 2);
  CHECK(cache.get("key", kStart) == "tiny");
}

TEST_CASE("a replacement that grows an entry evicts others, not itself", "[cache]") {
  LruCache<int> cache(LruCacheOptions{.max_entries = 100, .max_bytes = 20, .default_ttl = 1h});
  cache.put("a", 1, 4, kStart);  // 5
  cache.put("b", 2, 4, kStart);  // 10
  cache.put("a", 3, 14, kStart); // a: 15, total 20
  CHECK(cache.stats().bytes == 20);
  cache.put("a", 4, 17, kStart); // a: 18 → b must go
  CHECK(cache.get("a", kStart) == 4);
  CHECK_FALSE(cache.get("b", kStart).has_value());
  CHECK(cache.stats().bytes == 18);
}

TEST_CASE("an entry larger than the byte bound is not stored and drops the old value", "[cache]") {
  LruCache<int> cache(LruCacheOptions{.max_entries = 100, .max_bytes = 10, .default_ttl = 1h});
  REQUIRE(cache.put("k", 1, 9, kStart));  // exactly 10: fits
  CHECK_FALSE(cache.put("k", 2, 10, kStart));
  CHECK_FALSE(cache.get("k", kStart).has_value());
  const auto stats = cache.stats();
  CHECK(stats.rejections == 1);
  CHECK(stats.erasures == 1);
  CHECK(stats.bytes == 0);
}

TEST_CASE("an expired entry at the old end is dropped as an expiration, not an eviction", "[cache]") {
  LruCache<int> cache(LruCacheOptions{.max_entries = 2, .max_bytes = 1000, .default_ttl = 1h});
  cache.put("short", 1, 0, 10ms, kStart);
  cache.put("long", 2, 0, kStart);
  cache.put("new", 3, 0, kStart + 20ms);
  const auto stats = cache.stats();
  CHECK(stats.expirations == 1);
  CHECK(stats.evictions == 0);
  CHECK(cache.get("long", kStart + 20ms) == 2);
}

TEST_CASE("a put over an expired entry counts an expiration and an insertion", "[cache]") {
  LruCache<int> cache;
  cache.put("k", 1, 0, 10ms, kStart);
  cache.put("k", 2, 0, 10ms, kStart + 10ms);
  const auto stats = cache.stats();
  CHECK(stats.expirations == 1);
  CHECK(stats.insertions == 2);
  CHECK(stats.replacements == 0);
  CHECK(cache.get("k", kStart + 19ms) == 2);
}

TEST_CASE("erase and clear remove entries and keep counters", "[cache]") {
  LruCache<int> cache;
  cache.put("a", 1, 3, kStart);
  cache.put("b", 2, 3, kStart);
  cache.put("c", 3, 3, kStart);
  CHECK(cache.erase("a"));
  CHECK_FALSE(cache.erase("a"));
  CHECK_FALSE(cache.get("a", kStart).has_value());
  CHECK(cache.stats().bytes == 8);
  cache.clear();
  const auto stats = cache.stats();
  CHECK(stats.entries == 0);
  CHECK(stats.bytes == 0);
  CHECK(stats.erasures == 3);
  CHECK(stats.insertions == 3);
  CHECK_FALSE(cache.get("b", kStart).has_value());
}

TEST_CASE("values can be shared handles", "[cache]") {
  LruCache<std::shared_ptr<const std::string>> cache;
  auto page = std::make_shared<const std::string>("body");
  cache.put("k", page, page->size(), kStart);
  const auto got = cache.get("k", kStart);
  REQUIRE(got.has_value());
  CHECK(got->get() == page.get());
}

TEST_CASE("concurrent gets and puts keep the bounds and the counters consistent", "[cache]") {
  const LruCacheOptions options{.max_entries = 50, .max_bytes = 2'000, .default_ttl = 1h};
  LruCache<int> cache(options);
  constexpr int kThreads = 4;
  constexpr int kOpsPerThread = 20'000;
  std::atomic<std::uint64_t> gets{0};
  std::atomic<std::uint64_t> puts{0};
  std::atomic<bool> bounds_held{true};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 random(static_cast<unsigned>(t));
      std::uniform_int_distribution<int> key(0, 199);
      std::uniform_int_distribution<int> size(0, 120);
      std::uniform_int_distribution<int> action(0, 9);
      // Short TTLs (1-4 simulated ms, the same order as the time an entry
      // survives eviction here) make both expirations and evictions common.
      std::uniform_int_distribution<int> ttl_ms(1, 4);
      for (int i = 0; i < kOpsPerThread; ++i) {
        // Each thread's clock advances on its own; the cache must cope with
        // callers whose `now` values interleave.
        const TimePoint now = kStart + std::chrono::milliseconds(i / 10);
        const std::string k = "key-" + std::to_string(key(random));
        const int a = action(random);
        if (a < 5) {
          cache.get(k, now);
          gets.fetch_add(1, std::memory_order_relaxed);
        } else if (a < 9) {
          cache.put(k, i, static_cast<std::size_t>(size(random)), std::chrono::milliseconds(ttl_ms(random)), now);
          puts.fetch_add(1, std::memory_order_relaxed);
        } else {
          cache.erase(k);
        }
        if (i % 97 == 0) {
          const auto stats = cache.stats();
          if (stats.entries > options.max_entries || stats.bytes > options.max_bytes) bounds_held = false;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();

  const auto stats = cache.stats();
  CHECK(bounds_held.load());
  CHECK(stats.entries <= options.max_entries);
  CHECK(stats.bytes <= options.max_bytes);
  CHECK(stats.hits + stats.misses == gets.load());
  CHECK(stats.insertions + stats.replacements + stats.rejections == puts.load());
  CHECK(stats.entries == stats.insertions - stats.evictions - stats.expirations - stats.erasures);
  CHECK(stats.hits > 0);
  CHECK(stats.evictions > 0);
  CHECK(stats.expirations > 0);
}
