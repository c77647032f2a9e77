// Counting jobs, and the counters' JSON form.
#include "service/job_counters.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace tagwire::compute {

namespace {

std::uint64_t read(const JobCounters::Counter& counter) { return counter.load(std::memory_order_relaxed); }

}  // namespace

void JobCounters::fetch_failed(ErrorKind kind) { bump(fetch_errors_[static_cast<std::size_t>(kind)]); }

void JobCounters::snapshot_into(WorkerCounters& out) const {
  out.jobs_received = read(jobs_received);
  out.jobs_refused = read(jobs_refused);
  out.cache_hits = read(cache_hits);
  out.cache_misses = read(cache_misses);
  out.refreshes = read(refreshes);
  out.fetches = read(fetches);
  out.jobs_expired_before_engine = read(jobs_expired_before_engine);
  out.engine_starts = read(engine_starts);
  out.engine_runs = read(engine_runs);
  out.engine_failures = read(engine_failures);
  out.replies = read(replies);
  out.jobs_in_flight = read(jobs_in_flight);
  out.fetch_errors = 0;
  out.fetch_errors_by_type.clear();
  for (std::size_t kind = 0; kind < kKinds; ++kind) {
    const std::uint64_t count = read(fetch_errors_[kind]);
    if (count == 0) continue;
    out.fetch_errors += count;
    out.fetch_errors_by_type[error_type_name(static_cast<ErrorKind>(kind))] = count;
  }
}

std::string counters_json(const WorkerCounters& counters) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> json(buffer);
  const auto field = [&json](const char* name, std::uint64_t value) {
    json.Key(name);
    json.Uint64(value);
  };
  json.StartObject();
  field("jobs_received", counters.jobs_received);
  field("jobs_refused", counters.jobs_refused);
  field("jobs_in_flight", counters.jobs_in_flight);
  field("cache_hits", counters.cache_hits);
  field("cache_misses", counters.cache_misses);
  field("cache_entries", counters.cache_entries);
  field("cache_bytes", counters.cache_bytes);
  field("refreshes", counters.refreshes);
  field("fetches", counters.fetches);
  field("fetch_errors", counters.fetch_errors);
  json.Key("fetch_errors_by_type");
  json.StartObject();
  for (const auto& [type, count] : counters.fetch_errors_by_type) field(type.c_str(), count);
  json.EndObject();
  field("jobs_expired_before_engine", counters.jobs_expired_before_engine);
  field("engine_starts", counters.engine_starts);
  field("engine_runs", counters.engine_runs);
  field("engine_failures", counters.engine_failures);
  field("replies", counters.replies);
  json.Key("link");
  json.StartObject();
  json.Key("connected");
  json.Bool(counters.link.connected);
  field("jobs_received", counters.link.jobs_received);
  field("jobs_expired_on_arrival", counters.link.jobs_expired_on_arrival);
  field("replies_sent", counters.link.replies_sent);
  field("heartbeats_sent", counters.link.heartbeats_sent);
  field("heartbeats_received", counters.link.heartbeats_received);
  field("readies_sent", counters.link.readies_sent);
  field("reconnects", counters.link.reconnects);
  field("refusals", counters.link.refusals);
  field("handshake_failures", counters.link.handshake_failures);
  field("malformed_messages", counters.link.malformed_messages);
  json.EndObject();
  json.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace tagwire::compute
