// The counters' JSON (see counters_json.h).
#include "http/counters_json.h"

#include <cstdint>
#include <string_view>

#include "tagwire/common/json.h"

namespace tagwire::api {
namespace {

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
  out += "\"broker\":{";
  CountsWriter counts(out);
  bus::for_each_counter(stats.counters, [&counts](std::string_view name, std::string_view, std::uint64_t value) {
    counts.add(name, value);
  });
  counts.add("workers", stats.workers)
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
      .add("commit_retries", stats.commit_retries)
      .add("pending_writes", stats.pending_writes)
      .add("kept_urls_hits", stats.kept_urls_hits);
  out += '}';
}

}  // namespace

std::string counters_json(const RouteDependencies& deps) {
  std::string out = "{";
  append_http_counters(out, deps.server, deps.lookup);
  out += ',';
  append_broker_counters(out, deps.broker.stats());
  out += ',';
  append_index_counters(out, deps.index.stats());
  out += '}';
  return out;
}

}  // namespace tagwire::api
