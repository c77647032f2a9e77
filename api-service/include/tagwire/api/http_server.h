// HttpServer: cpp-httplib configured for this service, and the behaviour every
// route shares at the HTTP edge.
//
// - Set-up: the growing thread pool (http_worker_pool.h), the listen backlog
//   widened after bind (common/listen_socket.h), TCP_NODELAY, keep-alive limits,
//   read/write timeouts and the body size limit, all from HttpServerOptions.
// - Every answer carries X-Request-Id (the client's when acceptable, else a
//   fresh one; the handler gets it in RequestContext).
// - Every error answer is JSON {"error": {type, message, request_id}}: unknown
//   paths 404 not_found, a known path with another method 405
//   method_not_allowed (with Allow), a body over max_body_bytes 413
//   payload_too_large (chunked bodies too; a client sending "Expect:
//   100-continue" hears it before sending), a POST declaring no body length
//   411 length_required, request line + headers over max_header_bytes 431
//   headers_too_large (on any path; a head still coming one header line past
//   the limit is not read further, and its connection ends), a broken Content-Length or a request httplib cannot
//   parse 400 bad_request. None of them waits on a body that was never
//   declared, and an answer that leaves a declared body unread closes the
//   connection (http_body_framing.h). An exception escaping a handler answers
//   500 internal and logs the request id.
// - Range headers are ignored: every answer is whole.
// - Every answer is counted by status (counters()) before it is written, so
//   a client that has its answer also sees it counted. A routed request's time
//   from routing to its answer is observed in its route's histogram
//   (route_durations()); unrouted ones (404, 405, malformed) are not timed.
//
// Lifecycle: register routes, bind(), start(), then stop() and join() (once
// each). Route registration is not thread-safe and must precede start(); the
// gauges and counters may be read from any thread.
#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <httplib.h>

#include "tagwire/api/http_counters.h"
#include "tagwire/api/http_worker_pool.h"
#include "tagwire/common/histogram.h"
#include "tagwire/common/result.h"

namespace tagwire::api {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8003;                          // 0: any free port
  std::size_t min_threads = 8;
  std::size_t max_threads = 512;
  int listen_backlog = 4096;
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_header_bytes = 16 * 1024;
  int request_read_timeout_ms = 10'000;  // a whole request (line, headers, body) from its first byte
  int read_timeout_ms = 5'000;
  int write_timeout_ms = 5'000;
  int keep_alive_timeout_s = 2;
  std::size_t keep_alive_max_requests = 10'000;
};

// What a route handler knows besides the request.
struct RequestContext {
  std::string request_id;
  std::chrono::steady_clock::time_point received;  // when routing began
};

using RouteHandler = std::function<void(const httplib::Request&, httplib::Response&, const RequestContext&)>;

class HttpServer {
 public:
  explicit HttpServer(HttpServerOptions options);
  ~HttpServer();  // stops and joins if still running
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Exact paths (no patterns).
  void get(const std::string& path, RouteHandler handler);
  void post(const std::string& path, RouteHandler handler);

  // Binds host:port and widens the backlog; returns the bound port. Fails
  // (kInternal) when the address cannot be bound.
  Result<int> bind();

  // The backlog the kernel applies: min(listen_backlog, net.core.somaxconn).
  int effective_backlog() const { return effective_backlog_; }

  // Runs the accept loop on its own thread and returns once it is accepting.
  // Precondition: bind() succeeded.
  void start();

  // Stops accepting; connections already accepted finish their current request.
  void stop();

  // Waits until the accept loop and every accepted connection are done (each
  // ends by its request deadline at the latest). After stop().
  void join();

  const HttpCounters& counters() const { return counters_; }
  const PoolGauges& pool() const { return gauges_; }

  struct RouteDurations {
    std::string method;  // GET (HEAD included) or POST
    std::string path;
    Histogram duration;  // seconds from routing to the answer built
  };
  // One entry per registered route, in path order. Any thread.
  std::vector<RouteDurations> route_durations() const;

 private:
  class Listener;  // httplib::Server with our accept and connection loops (src/http/listener.h)

  void install_edge_handlers();
  void install_fallback_routes();
  bool answer_before_body(const httplib::Request& req, httplib::Response& res, const std::string& id);
  void add_route(const std::string& method, const std::string& path, RouteHandler handler);
  httplib::Server::HandlerResponse answer_error_status(const httplib::Request& req, httplib::Response& res);

  HttpServerOptions options_;
  std::unique_ptr<Listener> server_;
  HttpCounters counters_;
  PoolGauges gauges_;
  std::map<std::string, std::set<std::string>> methods_by_path_;
  // Keyed by (path, method); filled before start(), so only the atomics change after.
  std::map<std::pair<std::string, std::string>, std::unique_ptr<AtomicHistogram>> durations_;
  int effective_backlog_ = 0;
  std::thread accept_thread_;
};

}  // namespace tagwire::api
