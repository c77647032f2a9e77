// The worker's Prometheus text (see worker_metrics.h).
#include "tagwire/compute/worker_metrics.h"

#include <cstdint>

#include "tagwire/common/metrics_text.h"

namespace tagwire::compute {

namespace {

double number(std::uint64_t value) { return static_cast<double>(value); }

void append_jobs(MetricsText& out, const WorkerMetrics& metrics) {
  const WorkerCounters& counters = metrics.counters;
  out.gauge("tagwire_worker_capacity", "Jobs the worker accepts at once, as announced to the API.", metrics.capacity);
  out.counter("tagwire_worker_jobs_received_total", "Jobs handed to the worker by its bus link.",
              number(counters.jobs_received));
  out.counter("tagwire_worker_jobs_refused_total", "Jobs answered shutting_down or invalid_url without work.",
              number(counters.jobs_refused));
  out.gauge("tagwire_worker_jobs_in_flight", "Jobs received and not yet answered.", number(counters.jobs_in_flight));
  out.counter("tagwire_worker_replies_total", "Answers handed to the bus link.", number(counters.replies));
}

void append_cache(MetricsText& out, const WorkerCounters& counters) {
  out.counter("tagwire_worker_cache_hits_total", "Jobs answered from the cache.", number(counters.cache_hits));
  out.counter("tagwire_worker_cache_misses_total", "Cache lookups that found nothing (refresh jobs do not look).",
              number(counters.cache_misses));
  out.counter("tagwire_worker_refreshes_total", "Jobs with refresh=true, which skip the cache.",
              number(counters.refreshes));
  out.gauge("tagwire_worker_cache_entries", "Answers the cache holds.", number(counters.cache_entries));
  out.gauge("tagwire_worker_cache_bytes", "Estimated size of the cached answers, keys included, in bytes.",
            number(counters.cache_bytes));
}

void append_fetches(MetricsText& out, const WorkerMetrics& metrics) {
  const WorkerCounters& counters = metrics.counters;
  out.counter("tagwire_worker_fetches_total", "Page fetches started.", number(counters.fetches));
  out.family("tagwire_worker_fetch_errors_total", MetricType::kCounter, "Page fetches that failed, by error type.");
  for (const auto& [type, count] : counters.fetch_errors_by_type) {
    out.sample("tagwire_worker_fetch_errors_total", number(count), {{"type", type}});
  }
  out.gauge("tagwire_worker_fetches_queued", "Fetches waiting for a transfer slot.", number(metrics.fetches_queued));
  out.gauge("tagwire_worker_fetches_in_flight", "Transfers in progress.", number(metrics.fetches_in_flight));
  out.family("tagwire_worker_fetch_queue_wait_seconds", MetricType::kHistogram,
             "Time a fetch waited for a transfer slot, until it got one or its deadline ran out, in seconds.")
      .histogram("tagwire_worker_fetch_queue_wait_seconds", metrics.fetch.slot_wait);
  out.family("tagwire_worker_fetch_duration_seconds", MetricType::kHistogram,
             "Time of one page transfer (connect, redirects, body), success or failure, in seconds.")
      .histogram("tagwire_worker_fetch_duration_seconds", metrics.fetch.transfer);
}

void append_engine(MetricsText& out, const WorkerMetrics& metrics) {
  const WorkerCounters& counters = metrics.counters;
  out.gauge("tagwire_worker_cpu_threads", "Threads of the CPU pool that runs the engine.", number(metrics.cpu_threads));
  out.gauge("tagwire_worker_cpu_queued_tasks", "Fetched pages waiting for a CPU thread.", number(metrics.cpu_queued));
  out.family("tagwire_worker_cpu_queue_wait_seconds", MetricType::kHistogram,
             "Time a fetched page waited for a CPU thread, in seconds.")
      .histogram("tagwire_worker_cpu_queue_wait_seconds", metrics.cpu_queue_wait);
  out.counter("tagwire_worker_jobs_expired_before_engine_total",
              "Fetched pages whose job's budget ran out while they waited for a CPU thread, answered deadline "
              "without the engine.",
              number(counters.jobs_expired_before_engine));
  out.counter("tagwire_worker_engine_starts_total", "Pages the engine began.", number(counters.engine_starts));
  out.counter("tagwire_worker_engine_runs_total", "Pages the engine finished.", number(counters.engine_runs));
  out.counter("tagwire_worker_engine_failures_total", "Pages on which the engine threw.",
              number(counters.engine_failures));
  out.family("tagwire_worker_engine_duration_seconds", MetricType::kHistogram,
             "Time the engine spent extracting and tagging one page, in seconds.")
      .histogram("tagwire_worker_engine_duration_seconds", metrics.engine);
}

void append_link(MetricsText& out, const bus::WorkerLinkStats& link) {
  out.gauge("tagwire_worker_link_connected", "1 while the bus link has a socket open (the API may still be silent).",
            link.connected ? 1 : 0);
  out.counter("tagwire_worker_link_jobs_received_total", "JOB messages received, those expired on arrival included.",
              number(link.jobs_received));
  out.counter("tagwire_worker_link_jobs_expired_on_arrival_total",
              "Jobs whose budget had run out on arrival, answered deadline by the link.",
              number(link.jobs_expired_on_arrival));
  out.counter("tagwire_worker_link_replies_sent_total", "Replies sent to the API.", number(link.replies_sent));
  out.counter("tagwire_worker_link_heartbeats_sent_total", "Heartbeats sent to the API.", number(link.heartbeats_sent));
  out.counter("tagwire_worker_link_heartbeats_received_total", "Heartbeats received from the API.",
              number(link.heartbeats_received));
  out.counter("tagwire_worker_link_readies_sent_total", "READY messages sent (first, after reconnects, on REREGISTER).",
              number(link.readies_sent));
  out.counter("tagwire_worker_link_reconnects_total", "New bus sockets after the API went silent or refused.",
              number(link.reconnects));
  out.counter("tagwire_worker_link_refusals_total", "REFUSED messages received (another protocol major version).",
              number(link.refusals));
  out.counter("tagwire_worker_link_handshake_failures_total",
              "Bus handshakes refused by the API or failed (keys, a peer without CURVE); each backs off.",
              number(link.handshake_failures));
  out.counter("tagwire_worker_link_malformed_messages_total", "Bus messages that could not be read.",
              number(link.malformed_messages));
}

}  // namespace

std::string worker_metrics_text(const WorkerMetrics& metrics) {
  MetricsText out;
  append_jobs(out, metrics);
  append_cache(out, metrics.counters);
  append_fetches(out, metrics);
  append_engine(out, metrics);
  append_link(out, metrics.counters.link);
  append_process_metrics(out, metrics.process);
  return out.take();
}

}  // namespace tagwire::compute
