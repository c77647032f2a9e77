// Gathering and rendering the API's /metrics (see api_metrics.h).
#include "tagwire/api/api_metrics.h"

#include <string_view>

#include "tagwire/common/metrics_text.h"

namespace tagwire::api {
namespace {

double number(std::uint64_t value) { return static_cast<double>(value); }

void append_http(MetricsText& out, const ApiFigures& f) {
  out.family("tagwire_http_requests_total", MetricType::kCounter, "HTTP answers sent, by status code.");
  for (const auto& [status, count] : f.answers_by_status) {
    out.sample("tagwire_http_requests_total", number(count), {{"code", std::to_string(status)}});
  }
  out.family("tagwire_http_request_duration_seconds", MetricType::kHistogram,
             "Time from routing a request to its answer, by route.");
  for (const auto& route : f.routes) {
    out.histogram("tagwire_http_request_duration_seconds", route.duration,
                  {{"method", route.method}, {"route", route.path}});
  }
  out.gauge("tagwire_http_pool_threads", "Threads of the HTTP connection pool.", number(f.pool.threads));
  out.gauge("tagwire_http_pool_busy_threads", "Pool threads serving a connection.", number(f.pool.busy));
  out.gauge("tagwire_http_pool_queued_connections", "Accepted connections waiting for a pool thread.",
            number(f.pool.queued));
  out.gauge("tagwire_http_pool_peak_threads", "Most pool threads alive at once.", number(f.pool.peak_threads));
  out.gauge("tagwire_http_pool_peak_queued_connections", "Longest wait queue of the pool seen.",
            number(f.pool.peak_queued));
  out.counter("tagwire_answer_cache_hits_total", "tags(url) answered from the API's answer cache.",
              number(f.answer_cache_hits));
  out.counter("tagwire_index_queue_rejections_total",
              "Answered pages the tag index refused to queue (queue full or shutting down).",
              number(f.index_write_failures));
}

void append_bus(MetricsText& out, const bus::BrokerStats& stats) {
  bus::for_each_counter(stats.counters, [&out](std::string_view name, std::string_view help, std::uint64_t value) {
    out.counter("tagwire_bus_" + std::string(name) + "_total", help, number(value));
  });
  out.gauge("tagwire_bus_workers", "Compute workers registered and alive.", number(stats.workers));
  out.gauge("tagwire_bus_capacity_credits", "Jobs the workers take at once, summed.", number(stats.capacity));
  out.gauge("tagwire_bus_in_flight_jobs", "Credits taken by jobs sent to workers.", number(stats.in_flight));
  out.gauge("tagwire_bus_queued_jobs", "Jobs waiting for a worker's credit.", number(stats.queued));
  out.gauge("tagwire_bus_waiting_requests", "Requests blocked on the broker.", number(stats.waiters));
  out.family("tagwire_bus_queue_wait_seconds", MetricType::kHistogram,
             "Time a job waited for a worker's credit, from creation to first dispatch.")
      .histogram("tagwire_bus_queue_wait_seconds", stats.queue_wait);
}

void append_index(MetricsText& out, const TagIndex::Stats& stats) {
  out.counter("tagwire_index_pages_put_total", "Pages the tag index accepted to write.", number(stats.pages_put));
  out.counter("tagwire_index_pages_written_total", "Pages committed to the tag index.", number(stats.pages_written));
  out.counter("tagwire_index_batches_total", "Transactions the tag index committed.", number(stats.batches));
  out.counter("tagwire_index_failed_writes_total", "Pages whose write failed.", number(stats.failed_writes));
  out.counter("tagwire_index_commit_retries_total",
              "Transactions that failed as a whole (file locked, disk full); their pages are tried again.",
              number(stats.commit_retries));
  out.gauge("tagwire_index_pending_writes", "Pages queued for the tag index, not yet committed.",
            number(stats.pending_writes));
}

}  // namespace

ApiFigures gather_api_figures(const RouteDependencies& deps) {
  ApiFigures f;
  f.answers_by_status = deps.server.counters().by_status();
  f.routes = deps.server.route_durations();
  const PoolGauges& pool = deps.server.pool();
  f.pool = {pool.threads.load(), pool.busy.load(), pool.queued.load(), pool.peak_threads.load(),
            pool.peak_queued.load()};
  f.answer_cache_hits = deps.lookup.answer_cache_hits();
  f.index_write_failures = deps.lookup.index_write_failures();
  f.broker = deps.broker.stats();
  f.index = deps.index.stats();
  f.process = read_process_stats();
  return f;
}

std::string render_api_metrics(const ApiFigures& figures) {
  MetricsText out;
  append_http(out, figures);
  append_bus(out, figures.broker);
  append_index(out, figures.index);
  append_process_metrics(out, figures.process);
  return out.take();
}

}  // namespace tagwire::api
