// WorkerConfig: every knob of one compute worker process, with its default and
// its unit, and the tagwire-compute flags (each also a TAGWIRE_ environment
// variable) that fill it.
//
// The struct is the one place the defaults live: add_worker_flags() binds each
// flag to a field and shows the field's value as the flag's default. Zero
// means "derive it" where a comment says so (threads, capacity, name).
// Thread safety: a plain value; add_worker_flags() follows FlagSet's rules
// (main thread, before starting others).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tagwire/common/flags.h"
#include "tagwire/common/log.h"
#include "tagwire/compute/fetcher.h"

namespace tagwire::compute {

struct WorkerConfig {
  // The bus
  std::string bus_connect = "tcp://localhost:5555";  // the API's worker endpoint
  std::string name;                 // announced in READY; empty: "<host name>-<pid>"
  std::size_t cpu_threads = 0;      // engine threads; 0: one per hardware thread
  int capacity = 0;                 // jobs accepted at once; 0: 4 × cpu threads (DESIGN.md)
  std::chrono::milliseconds heartbeat{1000};
  int heartbeat_liveness = 3;       // silent heartbeat intervals before the API counts as gone
  // CURVE authentication (common/PROTOCOL.md "Authentication"): both set, or
  // neither for an API without keys. The API's public key (Z85), and the file
  // holding this worker's secret key (its public key must be in the API's list).
  std::string bus_server_key;
  std::string bus_secret_key_file;

  // The cache, keyed by normalized URL
  std::size_t cache_entries = 10'000;
  std::size_t cache_bytes = 64u * 1024u * 1024u;  // estimated reply sizes, keys included
  std::chrono::milliseconds cache_ttl = std::chrono::hours(3);         // successful answers
  std::chrono::milliseconds error_cache_ttl = std::chrono::seconds(60);  // failed fetches

  // Fetching (see fetcher.h)
  std::size_t fetch_transfers = 16;  // fetches in flight at once; one IO thread drives them all
  std::size_t per_host = 4;          // fetches in flight at once for one host
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds fetch_timeout{10000};  // whole transfer, also capped by the job's budget
  std::size_t max_page_bytes = 5u * 1024u * 1024u;
  std::string allow_private;  // comma-separated CIDRs, addresses or host names

  // The engine
  std::string wordnet_dir = "/usr/share/wordnet";
  std::size_t tag_limit = 10;  // inferred tags per page; declared tags always come too

  // Operations
  std::uint16_t metrics_port = 0;  // 0: off; else GET /metrics and GET /debug/counters on this port
  std::string metrics_host = "0.0.0.0";
  std::chrono::milliseconds drain_timeout{10000};  // on stop, wait this long for jobs in flight
  LogOptions log;  // --log-level, --log-file, ... (log_flags.h); main names the logger

  // cpu_threads with 0 resolved to the hardware's thread count (at least 1).
  std::size_t resolved_cpu_threads() const;
  // capacity with 0 resolved to 4 × resolved_cpu_threads().
  int resolved_capacity() const;
  // name with "" resolved to "<host name>-<pid>".
  std::string resolved_name() const;
  // allow_private split on commas, entries trimmed, empty ones dropped.
  std::vector<std::string> allow_private_list() const;
  // The fetcher's share of this config.
  FetchConfig fetch_config() const;
};

// Binds every tagwire-compute flag to a field of `config` (which must outlive
// the FlagSet's parse): --bus-connect, --threads, --capacity, --name,
// --heartbeat-ms, --heartbeat-liveness, --bus-server-key, --bus-secret-key-file,
// --cache-entries, --cache-bytes, --cache-ttl,
// --error-cache-ttl, --fetch-transfers, --per-host, --connect-timeout,
// --fetch-timeout, --max-page-bytes, --allow-private, --wordnet-dir,
// --tag-limit, --metrics-port, --metrics-host, --drain-timeout, and the
// --log-* flags of log_flags.h.
void add_worker_flags(FlagSet& flags, WorkerConfig& config);

}  // namespace tagwire::compute
