// The worker's Prometheus text, rendered from a snapshot with known values.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tagwire/compute/worker_metrics.h"

using namespace tagwire;
using namespace tagwire::compute;

namespace {

// Every field set, each to a value of its own, so a field printed under
// another's name shows.
WorkerMetrics known_metrics() {
  WorkerMetrics metrics;
  WorkerCounters& counters = metrics.counters;
  counters.jobs_received = 7;
  counters.jobs_refused = 1;
  counters.cache_hits = 3;
  counters.cache_misses = 4;
  counters.refreshes = 5;
  counters.fetches = 6;
  counters.fetch_errors = 3;
  counters.fetch_errors_by_type["target_status"] = 2;
  counters.fetch_errors_by_type["deadline"] = 1;
  counters.jobs_expired_before_engine = 30;
  counters.engine_starts = 8;
  counters.engine_runs = 9;
  counters.engine_failures = 10;
  counters.replies = 11;
  counters.jobs_in_flight = 12;
  counters.cache_entries = 13;
  counters.cache_bytes = 4096;
  counters.link.connected = true;
  counters.link.jobs_received = 14;
  counters.link.jobs_expired_on_arrival = 15;
  counters.link.replies_sent = 16;
  counters.link.heartbeats_sent = 17;
  counters.link.heartbeats_received = 18;
  counters.link.readies_sent = 19;
  counters.link.reconnects = 20;
  counters.link.refusals = 21;
  counters.link.handshake_failures = 29;
  counters.link.malformed_messages = 22;
  metrics.capacity = 23;
  metrics.cpu_threads = 24;
  metrics.cpu_queued = 25;
  metrics.fetches_queued = 26;
  metrics.fetches_in_flight = 27;
  metrics.fetch.transfer.observe(0.2);
  metrics.fetch.transfer.observe(3.0);
  metrics.fetch.slot_wait.observe(0.0005);
  metrics.cpu_queue_wait.observe(0.002);
  metrics.engine.observe(0.003);
  metrics.engine.observe(0.003);
  metrics.engine.observe(0.5);
  metrics.process.cpu_seconds = 1.5;
  metrics.process.resident_bytes = 8192;
  return metrics;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool has_line(const std::string& text, const std::string& line) {
  const auto lines = lines_of(text);
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

std::string sample_name(const std::string& line) { return line.substr(0, line.find_first_of("{ ")); }

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

TEST_CASE("the metrics text holds every counter, gauge and histogram of the snapshot", "[worker][metrics]") {
  const std::string text = worker_metrics_text(known_metrics());
  for (const char* line : {
           "tagwire_worker_jobs_received_total 7",
           "tagwire_worker_jobs_refused_total 1",
           "tagwire_worker_cache_hits_total 3",
           "tagwire_worker_cache_misses_total 4",
           "tagwire_worker_refreshes_total 5",
           "tagwire_worker_fetches_total 6",
           "tagwire_worker_fetch_errors_total{type=\"deadline\"} 1",
           "tagwire_worker_fetch_errors_total{type=\"target_status\"} 2",
           "tagwire_worker_jobs_expired_before_engine_total 30",
           "tagwire_worker_engine_starts_total 8",
           "tagwire_worker_engine_runs_total 9",
           "tagwire_worker_engine_failures_total 10",
           "tagwire_worker_replies_total 11",
           "tagwire_worker_jobs_in_flight 12",
           "tagwire_worker_cache_entries 13",
           "tagwire_worker_cache_bytes 4096",
           "tagwire_worker_link_connected 1",
           "tagwire_worker_link_jobs_received_total 14",
           "tagwire_worker_link_jobs_expired_on_arrival_total 15",
           "tagwire_worker_link_replies_sent_total 16",
           "tagwire_worker_link_heartbeats_sent_total 17",
           "tagwire_worker_link_heartbeats_received_total 18",
           "tagwire_worker_link_readies_sent_total 19",
           "tagwire_worker_link_reconnects_total 20",
           "tagwire_worker_link_refusals_total 21",
           "tagwire_worker_link_handshake_failures_total 29",
           "tagwire_worker_link_malformed_messages_total 22",
           "tagwire_worker_capacity 23",
           "tagwire_worker_cpu_threads 24",
           "tagwire_worker_cpu_queued_tasks 25",
           "tagwire_worker_fetches_queued 26",
           "tagwire_worker_fetches_in_flight 27",
           "# TYPE tagwire_worker_fetch_duration_seconds histogram",
           "tagwire_worker_fetch_duration_seconds_bucket{le=\"0.25\"} 1",
           "tagwire_worker_fetch_duration_seconds_bucket{le=\"2.5\"} 1",
           "tagwire_worker_fetch_duration_seconds_bucket{le=\"5\"} 2",
           "tagwire_worker_fetch_duration_seconds_sum 3.2",
           "tagwire_worker_fetch_duration_seconds_count 2",
           "tagwire_worker_fetch_queue_wait_seconds_bucket{le=\"0.001\"} 1",
           "tagwire_worker_fetch_queue_wait_seconds_count 1",
           "tagwire_worker_cpu_queue_wait_seconds_bucket{le=\"0.001\"} 0",
           "tagwire_worker_cpu_queue_wait_seconds_bucket{le=\"0.0025\"} 1",
           "tagwire_worker_cpu_queue_wait_seconds_count 1",
           "# TYPE tagwire_worker_engine_duration_seconds histogram",
           "tagwire_worker_engine_duration_seconds_bucket{le=\"0.005\"} 2",
           "tagwire_worker_engine_duration_seconds_bucket{le=\"+Inf\"} 3",
           "tagwire_worker_engine_duration_seconds_count 3",
           "# TYPE process_cpu_seconds_total counter",
           "process_cpu_seconds_total 1.5",
           "process_resident_memory_bytes 8192",
       }) {
    INFO(line);
    CHECK(has_line(text, line));
  }
}

TEST_CASE("each metrics family appears once, HELP then TYPE, its samples together", "[worker][metrics]") {
  const std::string text = worker_metrics_text(known_metrics());
  std::set<std::string> families;
  std::map<std::string, std::string> types;
  std::string current;  // the family whose samples may follow
  const auto lines = lines_of(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    INFO(line);
    if (line.rfind("# HELP ", 0) == 0) {
      current = line.substr(7, line.find(' ', 7) - 7);
      CHECK(families.insert(current).second);
      REQUIRE(i + 1 < lines.size());
      CHECK(lines[i + 1].rfind("# TYPE " + current + " ", 0) == 0);
      continue;
    }
    if (line.rfind("# TYPE ", 0) == 0) {
      const std::string type = line.substr(line.rfind(' ') + 1);
      types[current] = type;
      CHECK((current.rfind("tagwire_worker_", 0) == 0 || current.rfind("process_", 0) == 0));
      if (type == "counter") CHECK(ends_with(current, "_total"));
      if (type == "histogram") CHECK(ends_with(current, "_seconds"));
      continue;
    }
    const std::string name = sample_name(line);
    if (types[current] == "histogram") {
      CHECK((name == current + "_bucket" || name == current + "_sum" || name == current + "_count"));
    } else {
      CHECK(name == current);
    }
  }
  CHECK(families.count("tagwire_worker_fetch_errors_total") == 1);
  CHECK(families.count("process_resident_memory_bytes") == 1);
}

TEST_CASE("fetch errors of no type yet leave their family without samples", "[worker][metrics]") {
  WorkerMetrics metrics;
  const std::string text = worker_metrics_text(metrics);
  CHECK(has_line(text, "# TYPE tagwire_worker_fetch_errors_total counter"));
  CHECK(text.find("tagwire_worker_fetch_errors_total{") == std::string::npos);
  CHECK(has_line(text, "tagwire_worker_link_connected 0"));
  CHECK(has_line(text, "tagwire_worker_engine_duration_seconds_count 0"));
}
