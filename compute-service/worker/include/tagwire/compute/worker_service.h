// WorkerService: one compute worker — the bus link, the cache, the fetcher,
// the CPU pool and the engine, wired into the job flow of DESIGN.md.
//
// A job arrives on the link thread (WorkerLink's handler), which never blocks:
// a live cache entry for the job's normalized URL is answered at once (with
// cached=true; refresh=true skips the lookup); otherwise the page is fetched
// with the deadline now + budget_ms, handed from the fetch thread to the CPU
// pool, tagged by the engine, stored in the cache (cache_ttl) and answered.
// A body the engine finds to be binary data (engine::TagResult::binary) is
// answered not_html, as a failed fetch, and counted and remembered as one.
// A fetched page whose deadline has passed when a CPU thread takes it is
// answered deadline without running the engine (DESIGN.md: a job whose budget
// ran out before it started is dropped, and says so). Failed fetches are
// answered with their DESIGN.md type and remembered for error_cache_ttl
// (deadline, shutdown and internal failures are not remembered). An answer
// never displaces a better one in the cache: a transient failure (target
// unreachable, 5xx, 408, 429) leaves a live success or definite failure in
// place, and an answer from an older fetch leaves a newer one; see
// src/service/answer_store.h. A target_status reply carries the site's status, which the API
// maps to 422 (4xx) or 502 (5xx); its message, "target answered HTTP
// <status> ...", is for people. An exception from the engine fails that job alone as
// `internal`, logged with the job id.
//
// Ownership: the service owns every piece; start() fails with kNotFound when
// the WordNet dictionary cannot be read, kBadRequest on a bad config (an
// --allow-private entry that is not a CIDR or host name, a malformed
// endpoint) and kInternal when the metrics port cannot be bound.
// Thread safety: counters() and capacity() from any thread; stop() from one
// thread (the destructor calls it).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "tagwire/bus/worker_link.h"
#include "tagwire/common/result.h"
#include "tagwire/compute/worker_config.h"

namespace tagwire::compute {

// A snapshot of what the worker has done since it started; counters only grow.
struct WorkerCounters {
  std::uint64_t jobs_received = 0;   // jobs handed to the service (not those the link answered itself)
  std::uint64_t jobs_refused = 0;    // answered shutting_down or invalid_url without work
  std::uint64_t cache_hits = 0;
  std::uint64_t cache_misses = 0;    // lookups that found nothing (refresh jobs do not look)
  std::uint64_t refreshes = 0;       // jobs with refresh=true
  std::uint64_t fetches = 0;         // fetches started
  std::uint64_t fetch_errors = 0;    // fetches that failed, all kinds (a binary body counts as not_html)
  std::map<std::string, std::uint64_t> fetch_errors_by_type;  // "target_status" → n; only kinds seen
  std::uint64_t jobs_expired_before_engine = 0;  // fetched pages answered deadline instead of entering the engine
  std::uint64_t engine_starts = 0;   // pages the engine began
  std::uint64_t engine_runs = 0;     // pages the engine finished
  std::uint64_t engine_failures = 0; // pages on which the engine threw
  std::uint64_t replies = 0;         // answers handed to the link
  std::uint64_t jobs_in_flight = 0;  // received and not yet answered
  std::uint64_t cache_entries = 0;
  std::uint64_t cache_bytes = 0;
  bus::WorkerLinkStats link;
};

// The counters as one JSON object (what GET /debug/counters answers).
std::string counters_json(const WorkerCounters& counters);

class WorkerService {
 public:
  // Loads the lexicon, starts the CPU pool, the fetcher, the optional metrics
  // port and finally the link, which connects in the background (an API that
  // is not up yet is fine).
  static Result<std::unique_ptr<WorkerService>> start(WorkerConfig config);

  // Calls stop().
  ~WorkerService();
  WorkerService(const WorkerService&) = delete;
  WorkerService& operator=(const WorkerService&) = delete;

  // Drains: jobs arriving from now on are answered shutting_down; jobs in
  // flight get up to drain_timeout to finish. Then fetches still running and
  // pages still waiting for a CPU thread fail as shutting_down, every answer
  // is sent, then DISCONNECT. True when every job was answered. False when an
  // engine call was still running (it cannot be interrupted): its job is
  // given up, for the API to send elsewhere, and the process should end
  // without destroying the service, which would wait for that call.
  // Idempotent: later calls return the first one's result.
  bool stop();

  WorkerCounters counters() const;

  // The capacity announced in READY and the number of CPU threads.
  int capacity() const;
  std::size_t cpu_threads() const;
  // The metrics port actually bound (when metrics_port was set), else 0.
  int metrics_port() const;

  class Impl;  // the job flow, in src/service/worker_service.cpp

 private:
  explicit WorkerService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tagwire::compute
