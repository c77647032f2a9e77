// What the kernel says about this process, for /metrics: CPU time, memory,
// file descriptors, threads, start time (Linux /proc). A field /proc cannot
// give stays 0. Thread-safe (reads files, keeps no state).
#pragma once

#include <cstddef>
#include <cstdint>

#include "tagwire/common/metrics_text.h"

namespace tagwire {

struct ProcessStats {
  double cpu_seconds = 0;           // user + system, all threads
  std::uint64_t resident_bytes = 0;
  std::uint64_t virtual_bytes = 0;
  std::size_t open_fds = 0;
  std::size_t max_fds = 0;          // the soft RLIMIT_NOFILE
  std::size_t threads = 0;
  double start_time_seconds = 0;    // since the Unix epoch
};

ProcessStats read_process_stats();

// The standard process_* families (process_cpu_seconds_total,
// process_resident_memory_bytes, ...) that Prometheus clients export.
void append_process_metrics(MetricsText& out, const ProcessStats& stats);

}  // namespace tagwire
