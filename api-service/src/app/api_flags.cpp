// Flag names, help and ranges of tagwire-api (see config_flags.h).
#include "tagwire/api/config_flags.h"

#include "tagwire/common/log_flags.h"

namespace tagwire::api {

void register_api_flags(FlagSet& flags, ApiConfig& c) {
  flags.add_string("http-host", &c.http_host, "address the HTTP server binds");
  flags.add_int("http-port", &c.http_port, "HTTP port; 0 picks a free one (printed at start)", 0, 65535);
  flags.add_int<std::size_t>("http-threads", &c.http_threads,
                             "most HTTP threads at once; the pool grows to it on demand", 1, 65536);
  flags.add_int<std::size_t>("http-min-threads", &c.http_min_threads, "HTTP threads started up front", 1, 65536);
  flags.add_int("listen-backlog", &c.listen_backlog,
                "accept queue asked of listen(); the kernel caps it at net.core.somaxconn", 1, 1 << 20);
  flags.add_int<std::size_t>("max-body-bytes", &c.max_body_bytes, "largest request body; more answers 413", 1,
                             1u << 30);
  flags.add_int<std::size_t>("max-header-bytes", &c.max_header_bytes,
                             "largest request line + headers; more answers 431 (httplib itself also refuses any "
                             "single header line over 8192 bytes)",
                             256, 1u << 20);
  flags.add_int("request-read-timeout-ms", &c.request_read_timeout_ms,
                "time a request (line, headers and body) may take to arrive, from its first byte", 1, 600'000);
  flags.add_int("read-timeout-ms", &c.read_timeout_ms, "socket read timeout while reading a request", 1, 600'000);
  flags.add_int("write-timeout-ms", &c.write_timeout_ms, "socket write timeout while sending an answer", 1, 600'000);
  flags.add_int("keep-alive-timeout-s", &c.keep_alive_timeout_s,
                "idle keep-alive connection closed after this many seconds", 1, 3600);
  flags.add_int<std::size_t>("keep-alive-max-requests", &c.keep_alive_max_requests,
                             "requests served on one connection before it is closed", 1, 1u << 30);
  flags.add_int<int64_t>("request-timeout-ms", &c.request_timeout_ms,
                         "budget of one request from its arrival (capped at 60000)", 1, kMaxRequestTimeoutMs);
  flags.add_string("bench-url", &c.bench_url, "page /benchmark/get-tags asks about");
  flags.add_string("bench-tag", &c.bench_tag, "tag /benchmark/get-urls asks about");
  flags.add_duration("answer-cache-ttl", &c.answer_cache_ttl,
                     "how long a tags answer is repeated by the API without a job; 0 turns it off",
                     std::chrono::milliseconds(0), std::chrono::hours(1));
  flags.add_int<std::size_t>("answer-cache-entries", &c.answer_cache_entries, "most answers kept for that", 1,
                             10'000'000);
  flags.add_string("admin-token", &c.admin_token, "bearer token for the /admin routes (unset: /admin is off); prefer the environment variable: a flag shows in ps");
  flags.add_string("bus-bind", &c.bus_bind, "ZeroMQ endpoint workers connect to; tcp://host:* picks a free port");
  flags.add_duration("heartbeat-ms", &c.heartbeat, "bus heartbeat interval", std::chrono::milliseconds(10),
                     std::chrono::milliseconds(60'000));
  flags.add_int("heartbeat-liveness", &c.heartbeat_liveness, "missed heartbeats before a worker expires", 1, 100);
  flags.add_int<std::size_t>("queue-limit", &c.queue_limit, "jobs waiting for a worker; beyond it 503 overloaded", 0,
                             1u << 20);
  flags.add_string("bus-secret-key-file", &c.bus_secret_key_file,
                   "file holding the API's CURVE secret key (Z85, as tagwire-bus-keys writes it); with "
                   "--bus-allowed-keys-file, only listed workers may use the bus (unset: no authentication)");
  flags.add_string("bus-allowed-keys-file", &c.bus_allowed_keys_file,
                   "file listing the workers' CURVE public keys, one per line ('# ' starts a comment); needs "
                   "--bus-secret-key-file");
  flags.add_string("data-dir", &c.data_dir, "folder of the tag index (tags.sqlite)");
  flags.add_duration("index-commit-interval", &c.index_commit_interval,
                     "index transactions start at most this often; pages answered meanwhile share one (a crash loses at most that much)",
                     std::chrono::milliseconds(0), std::chrono::seconds(10));
  add_log_flags(flags, c.log);
}

}  // namespace tagwire::api
