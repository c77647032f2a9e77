// The worker's config: derived values and the tagwire-compute flags.
#include "tagwire/compute/worker_config.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <thread>

#include "tagwire/common/log_flags.h"

namespace tagwire::compute {

namespace {

std::string host_name() {
  std::array<char, 256> buffer{};
  if (gethostname(buffer.data(), buffer.size() - 1) != 0) return "worker";
  return std::string(buffer.data());
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

std::size_t WorkerConfig::resolved_cpu_threads() const {
  if (cpu_threads > 0) return cpu_threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

int WorkerConfig::resolved_capacity() const {
  if (capacity > 0) return capacity;
  return static_cast<int>(4 * resolved_cpu_threads());
}

std::string WorkerConfig::resolved_name() const {
  if (!name.empty()) return name;
  return host_name() + "-" + std::to_string(getpid());
}

std::vector<std::string> WorkerConfig::allow_private_list() const {
  std::vector<std::string> entries;
  std::string_view rest = allow_private;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string entry = trimmed(rest.substr(0, comma));
    if (!entry.empty()) entries.push_back(std::move(entry));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return entries;
}

FetchConfig WorkerConfig::fetch_config() const {
  FetchConfig fetch;
  fetch.max_transfers = fetch_transfers;
  fetch.per_host_limit = per_host;
  fetch.connect_timeout_ms = static_cast<long>(connect_timeout.count());
  fetch.total_timeout_ms = static_cast<long>(fetch_timeout.count());
  fetch.max_body_bytes = max_page_bytes;
  fetch.allow_private = allow_private_list();
  return fetch;
}

void add_worker_flags(FlagSet& flags, WorkerConfig& config) {
  using std::chrono::milliseconds;
  flags.add_string("bus-connect", &config.bus_connect, "the API's worker endpoint to connect to");
  flags.add_string("name", &config.name, "worker name announced to the API (empty: host name and pid)");
  flags.add_int("threads", &config.cpu_threads, "CPU threads for extraction and tagging (0: one per core)",
                std::size_t{0}, std::size_t{1024});
  flags.add_int("capacity", &config.capacity, "jobs accepted at once (0: 4 x CPU threads)", 0, 100000);
  flags.add_duration("heartbeat-ms", &config.heartbeat, "heartbeat interval on the bus", milliseconds(10),
                     milliseconds(60000));
  flags.add_int("heartbeat-liveness", &config.heartbeat_liveness,
                "missed heartbeats before the API counts as gone and the worker reconnects", 1, 100);
  flags.add_string("bus-server-key", &config.bus_server_key,
                   "the API's CURVE public key (Z85, 40 characters), for an API with bus authentication; needs "
                   "--bus-secret-key-file");
  flags.add_string("bus-secret-key-file", &config.bus_secret_key_file,
                   "file holding this worker's CURVE secret key (Z85, as tagwire-bus-keys writes it); its public key "
                   "must be in the API's --bus-allowed-keys-file; needs --bus-server-key");
  flags.add_int("cache-entries", &config.cache_entries, "most pages the cache holds", std::size_t{0});
  flags.add_int("cache-bytes", &config.cache_bytes, "most bytes the cache holds (estimated)", std::size_t{0});
  flags.add_duration("cache-ttl", &config.cache_ttl, "how long a computed answer is reused", milliseconds(0));
  flags.add_duration("error-cache-ttl", &config.error_cache_ttl, "how long a failed fetch is remembered",
                     milliseconds(0));
  flags.add_int("fetch-transfers", &config.fetch_transfers,
                "fetches in flight at once (one IO thread drives them all)", std::size_t{1}, std::size_t{4096});
  flags.add_int("per-host", &config.per_host, "fetches in flight at once for one host", std::size_t{1},
                std::size_t{1024});
  flags.add_duration("connect-timeout", &config.connect_timeout, "DNS, TCP and TLS setup limit", milliseconds(1));
  flags.add_duration("fetch-timeout", &config.fetch_timeout, "whole-transfer limit (the job's budget caps it too)",
                     milliseconds(1));
  flags.add_int("max-page-bytes", &config.max_page_bytes, "largest page body accepted, decoded", std::size_t{1});
  flags.add_string("allow-private", &config.allow_private,
                   "comma-separated CIDRs, addresses or host names exempt from the private-address refusal");
  flags.add_string("wordnet-dir", &config.wordnet_dir, "WordNet 3.0 dictionary folder");
  flags.add_int("tag-limit", &config.tag_limit, "inferred tags per page", std::size_t{1}, std::size_t{100});
  flags.add_int("metrics-port", &config.metrics_port,
                "port serving GET /metrics (Prometheus text) and GET /debug/counters (JSON) (0: off)");
  flags.add_string("metrics-host", &config.metrics_host, "address the metrics port binds");
  flags.add_duration("drain-timeout", &config.drain_timeout, "on SIGTERM, how long jobs in flight may finish");
  add_log_flags(flags, config.log);
}

}  // namespace tagwire::compute
