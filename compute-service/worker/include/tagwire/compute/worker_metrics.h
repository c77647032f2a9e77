// WorkerMetrics: everything one worker's GET /metrics reports, as one value,
// and its Prometheus text.
//
// worker_metrics_text() writes the tagwire_worker_* families (counters end in
// _total, durations in _seconds, sizes in _bytes; fetch errors carry their
// DESIGN.md type in a `type` label, for the types seen so far), then the
// standard process_* families. Each family appears once, with HELP and TYPE.
// A pure function of its argument: thread-safe, no sockets, no clocks.
#pragma once

#include <cstddef>
#include <string>

#include "tagwire/common/histogram.h"
#include "tagwire/common/process_stats.h"
#include "tagwire/compute/fetcher.h"
#include "tagwire/compute/worker_service.h"

namespace tagwire::compute {

struct WorkerMetrics {
  WorkerCounters counters;
  int capacity = 0;                   // jobs accepted at once, as announced in READY
  std::size_t cpu_threads = 0;
  std::size_t cpu_queued = 0;         // pages posted to the CPU pool, not yet started
  std::size_t fetches_queued = 0;     // fetches waiting for a transfer slot
  std::size_t fetches_in_flight = 0;  // transfers libcurl is working on
  FetchTimings fetch;                 // see fetcher.h
  Histogram cpu_queue_wait;           // a fetched page's wait for a CPU thread
  Histogram engine;                   // extract + tag of one page, whether it returned or threw
  ProcessStats process;
};

// The body of GET /metrics (served as kMetricsContentType).
std::string worker_metrics_text(const WorkerMetrics& metrics);

}  // namespace tagwire::compute
