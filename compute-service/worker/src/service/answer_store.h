// AnswerStore: the worker's cache of job answers, keyed by normalized URL,
// and the rule for which answer may replace which.
//
// Every stored answer carries the sequence number of the fetch that produced
// it (the worker numbers fetches as it starts them). A put() stores its
// answer unless the live entry for the URL outranks it:
// - a transient failure (is_transient_failure in job_answers.h: the target
//   unreachable, a 5xx, 408 or 429) never replaces a definite answer (a
//   success or a definite failure), and a definite answer always replaces a
//   transient failure, so one refresh that meets a network hiccup leaves a
//   good 3-hour answer in place instead of an error for the error TTL;
// - otherwise the answer of the later fetch wins, so a slow computation that
//   completes after a newer one cannot overwrite it.
// An expired entry is not live and never outranks anything. Which failures are
// stored at all, and for how long, is the caller's choice (remember_failure).
//
// Time is a parameter; there is no clock inside. Thread safety: every member
// may be called from any thread; one mutex makes each put()'s look-then-store
// atomic (get() needs only the cache's own lock).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "service/job_answers.h"
#include "tagwire/common/lru_cache.h"

namespace tagwire::compute {

struct StoredAnswer {
  Answer answer;
  std::uint64_t fetch_sequence = 0;  // of the fetch that produced it; later fetches have larger numbers
};

class AnswerStore {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit AnswerStore(LruCacheOptions options) : cache_(options) {}
  AnswerStore(const AnswerStore&) = delete;
  AnswerStore& operator=(const AnswerStore&) = delete;

  // The live answer for `url`, or null.
  std::shared_ptr<const StoredAnswer> get(const std::string& url, TimePoint now);

  // Stores `answer` for `ttl` unless the live entry outranks it (see above).
  // Returns whether it was stored; false also when the cache refused it (too
  // large, ttl <= 0).
  bool put(const std::string& url, Answer answer, std::uint64_t fetch_sequence, std::chrono::milliseconds ttl,
           TimePoint now);

  LruCacheStats stats() const { return cache_.stats(); }

 private:
  std::mutex put_mutex_;  // orders the look-then-store of concurrent put()s
  LruCache<std::shared_ptr<const StoredAnswer>> cache_;
};

}  // namespace tagwire::compute
