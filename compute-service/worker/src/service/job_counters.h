// The worker's running counters: atomics bumped by the link, fetch and CPU
// threads, read as a WorkerCounters snapshot. Relaxed ordering: each counter
// is exact, a snapshot is not one instant across counters.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "tagwire/common/result.h"
#include "tagwire/compute/worker_service.h"

namespace tagwire::compute {

class JobCounters {
 public:
  using Counter = std::atomic<std::uint64_t>;

  static void bump(Counter& counter) { counter.fetch_add(1, std::memory_order_relaxed); }

  void fetch_failed(ErrorKind kind);

  // Fills every field of WorkerCounters this class counts; the cache and
  // link figures are the caller's.
  void snapshot_into(WorkerCounters& out) const;

  Counter jobs_received{0};
  Counter jobs_refused{0};
  Counter cache_hits{0};
  Counter cache_misses{0};
  Counter refreshes{0};
  Counter fetches{0};
  Counter jobs_expired_before_engine{0};
  Counter engine_starts{0};
  Counter engine_runs{0};
  Counter engine_failures{0};
  Counter replies{0};
  Counter jobs_in_flight{0};  // incremented on receipt, decremented on reply

 private:
  static constexpr std::size_t kKinds = static_cast<std::size_t>(ErrorKind::kInternal) + 1;
  std::array<Counter, kKinds> fetch_errors_{};
};

}  // namespace tagwire::compute
