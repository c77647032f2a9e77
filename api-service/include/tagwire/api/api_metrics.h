// The API's GET /metrics: every figure an operator watches, in Prometheus'
// text format (DESIGN.md "metrics").
//
// ApiFigures is a plain snapshot, gathered from the live parts by
// gather_api_figures() (any thread; each part's figures are exact, the whole
// is not one instant) and rendered by render_api_metrics() (pure), so the
// rendering is tested without sockets. Families, all prefixed tagwire_:
//   http_requests_total{code}                  answers sent, by status
//   http_request_duration_seconds{method,route}  routing to answer, per route
//   http_pool_{threads,busy_threads,queued_connections}, peaks
//   answer_cache_hits_total, index_queue_rejections_total (the lookup's)
//   bus_<counter>_total (bus_counters.h), bus_{workers,capacity_credits,
//   in_flight_jobs,queued_jobs,waiting_requests}, bus_queue_wait_seconds
//   index_{pages_put,pages_written,batches,failed_writes}_total, index_pending_writes
// and the standard process_* families (process_stats.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tagwire/api/api_routes.h"
#include "tagwire/api/http_server.h"
#include "tagwire/api/tag_index.h"
#include "tagwire/bus/broker.h"
#include "tagwire/common/process_stats.h"

namespace tagwire::api {

struct PoolFigures {
  std::uint64_t threads = 0;
  std::uint64_t busy = 0;
  std::uint64_t queued = 0;
  std::uint64_t peak_threads = 0;
  std::uint64_t peak_queued = 0;
};

struct ApiFigures {
  std::map<int, std::uint64_t> answers_by_status;
  std::vector<HttpServer::RouteDurations> routes;
  PoolFigures pool;
  std::uint64_t answer_cache_hits = 0;
  std::uint64_t index_write_failures = 0;
  bus::BrokerStats broker;
  TagIndex::Stats index;
  ProcessStats process;
};

ApiFigures gather_api_figures(const RouteDependencies& deps);

std::string render_api_metrics(const ApiFigures& figures);

}  // namespace tagwire::api
