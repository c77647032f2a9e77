// ApiConfig: every setting of the API service, with its default and unit.
//
// Flags and TAGWIRE_* environment variables fill it (see src/app/api_flags.cpp
// for the names); tests build one directly. Plain value, no behaviour of its own
// beyond clamping, so it can be copied to any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "tagwire/common/log.h"

namespace tagwire::api {

// The request budget may not be raised above this: a request that waits longer
// holds an HTTP thread and a client that has most likely given up.
inline constexpr int64_t kMaxRequestTimeoutMs = 60'000;

struct ApiConfig {
  // HTTP face.
  std::string http_host = "127.0.0.1";
  int http_port = 8003;                    // 0 picks a free port (printed at start)
  std::size_t http_threads = 512;          // most HTTP threads alive at once (the pool grows up to it)
  std::size_t http_min_threads = 8;        // threads started up front
  int listen_backlog = 4096;               // asked of listen(); the kernel caps it at net.core.somaxconn
  std::size_t max_body_bytes = 64 * 1024;  // larger request bodies answer 413
  std::size_t max_header_bytes = 16 * 1024;  // request line + headers; larger answers 431
  int request_read_timeout_ms = 10'000;    // a whole request must arrive within this
  int read_timeout_ms = 5'000;             // socket read timeout per request
  int write_timeout_ms = 5'000;            // socket write timeout per answer
  int keep_alive_timeout_s = 2;            // idle keep-alive connection closed after this
  std::size_t keep_alive_max_requests = 10'000;  // requests per connection before it is closed

  // Requests.
  int64_t request_timeout_ms = 5'000;      // budget of one request; capped at kMaxRequestTimeoutMs
  std::string bench_url = "http://127.0.0.1:8080/sourdough-starter-basics.html";
  std::string bench_tag = "starter";
  // A successful tags answer is kept this long in the API and repeated without a
  // bus round trip (0: off). A hot URL asked by many clients then costs one job
  // a TTL instead of one a request; refresh skips it.
  std::chrono::milliseconds answer_cache_ttl{1'000};
  std::size_t answer_cache_entries = 10'000;
  std::string admin_token;                 // bearer token for the /admin routes; empty: /admin is off

  // Bus (the embedded broker).
  std::string bus_bind = "tcp://127.0.0.1:5555";
  std::chrono::milliseconds heartbeat{1'000};  // --heartbeat-ms: a duration, as on the worker
  int heartbeat_liveness = 3;              // missed heartbeats before a worker expires
  std::size_t queue_limit = 256;           // jobs waiting for a worker; beyond it 503 overloaded
  // CURVE authentication of workers (common/PROTOCOL.md "Authentication"):
  // both set, or neither (no authentication). The API's secret key, one Z85
  // key; and the workers' public keys, one per line (bus/key_files.h).
  std::string bus_secret_key_file;
  std::string bus_allowed_keys_file;

  // Storage and logs.
  std::string data_dir = "./data";
  // Index transactions start at most this often; pages answered meanwhile share
  // one (a lone write commits at once). Answers do not wait for their commit (the
  // index reads unsaved pages from memory), so this costs no latency: it bounds
  // how much a crash of the API can lose, and under load it saves WAL writes on
  // the API's core (docs/benchmarks.md).
  std::chrono::milliseconds index_commit_interval{1000};
  LogOptions log;                          // --log-level, --log-file, ... (log_flags.h); main names the logger

  // The budget actually given to a request: request_timeout_ms within [1, cap].
  int64_t effective_request_timeout_ms() const {
    if (request_timeout_ms < 1) return 1;
    return request_timeout_ms > kMaxRequestTimeoutMs ? kMaxRequestTimeoutMs : request_timeout_ms;
  }
};

}  // namespace tagwire::api
