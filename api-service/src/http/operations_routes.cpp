// Routes for operators and tests: liveness, readiness and the counters.
#include <string>
#include <vector>

#include "tagwire/api/api_routes.h"
#include "tagwire/api/http_errors.h"
#include "tagwire/api/http_response.h"
#include "tagwire/common/json.h"

namespace tagwire::api {
namespace {

std::vector<std::string> unready_reasons(bus::Broker& broker, TagIndex& index) {
  std::vector<std::string> reasons;
  const bus::BrokerStats stats = broker.stats();
  if (!stats.accepting) reasons.push_back("shutting down");
  if (stats.workers == 0) reasons.push_back("no compute worker connected");
  Status writable = index.check_writable();
  if (!writable) reasons.push_back("tag index not writable: " + writable.error().message);
  return reasons;
}

std::string readiness_json(const std::vector<std::string>& reasons) {
  if (reasons.empty()) return "{\"status\":\"ready\"}";
  std::string out = "{\"status\":\"unready\",\"reasons\":[";
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    if (i != 0) out += ',';
    append_json_string(out, reasons[i]);
  }
  out += "]}";
  return out;
}

// `"name":value` pairs, comma-separated, for flat objects of counts.
class CountsWriter {
 public:
  explicit CountsWriter(std::string& out) : out_(out) {}
  CountsWriter& add(std::string_view name, std::uint64_t value) {
    if (!first_) out_ += ',';
    first_ = false;
    append_json_string(out_, name);
    out_ += ':' + std::to_string(value);
    return *this;
  }

 private:
  std::string& out_;
  bool first_ = true;
};

void append_http_counters(std::string& out, const HttpServer& server, const TagLookup& lookup) {
  out += "\"http\":{";
  CountsWriter(out)
      .add("requests", server.counters().total())
      .add("pool_threads", server.pool().threads.load())
      .add("pool_busy", server.pool().busy.load())
      .add("pool_queued", server.pool().queued.load())
      .add("pool_peak_threads", server.pool().peak_threads.load())
      .add("pool_peak_queued", server.pool().peak_queued.load())
      .add("index_write_failures", lookup.index_write_failures())
      .add("answer_cache_hits", lookup.answer_cache_hits());
  out += ",\"by_status\":{";
  CountsWriter by_status(out);
  for (const auto& [status, count] : server.counters().by_status()) by_status.add(std::to_string(status), count);
  out += "}}";
}

void append_broker_counters(std::string& out, const bus::BrokerStats& stats) {
  const bus::BusCounters& c = stats.counters;
  out += "\"broker\":{";
  CountsWriter(out)
      .add("jobs_sent", c.jobs_sent)
      .add("replies", c.replies)
      .add("coalesced", c.coalesced)
      .add("retries", c.retried)
      .add("renewed", c.renewed)
      .add("unroutable", c.unroutable)
      .add("expired_workers", c.expired_workers)
      .add("disconnected_workers", c.disconnected_workers)
      .add("late_replies", c.late_replies)
      .add("rejected_replies", c.rejected_replies)
      .add("duplicate_replies", c.duplicate_replies)
      .add("queue_full_rejections", c.queue_full_rejections)
      .add("no_worker_rejections", c.no_worker_rejections)
      .add("expiries", c.deadline_expiries)
      .add("unknown_peer_messages", c.unknown_peer_messages)
      .add("refused_workers", c.refused_workers)
      .add("malformed_messages", c.malformed_messages)
      .add("workers", stats.workers)
      .add("capacity", stats.capacity)
      .add("in_flight", stats.in_flight)
      .add("queue_length", stats.queued)
      .add("waiters", stats.waiters);
  out += '}';
}

void append_index_counters(std::string& out, const TagIndex::Stats& stats) {
  out += "\"index\":{";
  CountsWriter(out)
      .add("pages_put", stats.pages_put)
      .add("pages_written", stats.pages_written)
      .add("batches", stats.batches)
      .add("failed_writes", stats.failed_writes)
      .add("pending_writes", stats.pending_writes)
      .add("kept_urls_hits", stats.kept_urls_hits);
  out += '}';
}

}  // namespace

void install_operations_routes(HttpServer& server, const RouteDependencies& deps) {
  bus::Broker& broker = deps.broker;
  TagIndex& index = deps.index;
  const HttpServer& counted = deps.server;
  const TagLookup& lookup = deps.lookup;

  server.get("/healthz", [](const httplib::Request&, httplib::Response& res, const RequestContext&) {
    respond_json(res, 200, "{\"status\":\"ok\"}");
  });

  server.get("/readyz", [&broker, &index](const httplib::Request&, httplib::Response& res, const RequestContext&) {
    const std::vector<std::string> reasons = unready_reasons(broker, index);
    if (!reasons.empty()) res.set_header("Retry-After", std::to_string(kRetryAfterSeconds));
    respond_json(res, reasons.empty() ? 200 : 503, readiness_json(reasons));
  });

  server.get("/debug/counters", [&broker, &index, &counted, &lookup](const httplib::Request&, httplib::Response& res,
                                                                     const RequestContext&) {
    std::string out = "{";
    append_http_counters(out, counted, lookup);
    out += ',';
    append_broker_counters(out, broker.stats());
    out += ',';
    append_index_counters(out, index.stats());
    out += '}';
    respond_json(res, 200, std::move(out));
  });
}

}  // namespace tagwire::api
