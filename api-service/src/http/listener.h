// HttpServer::Listener: httplib::Server with our own accept loop and
// connection loop around httplib's request handling (process_request, which
// still parses, routes and writes every answer).
//
// Why: httplib 0.11.4's loops read each request through a stream of its own,
// so pipelined requests were dropped; gave a client as long as it liked to
// send a request as long as each byte came within the read timeout (a few
// slow clients could hold every thread); waited between keep-alive requests
// in 10 ms polls with 1 ms sleeps; and wrote each answer in two send()s.
// ConnectionStream (connection_stream.h) fixes the first, second and fourth,
// and the loop here waits for the next request in one poll.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>

#include <httplib.h>

#include "http/connection_stream.h"
#include "tagwire/api/http_server.h"

namespace tagwire::api {

class HttpServer::Listener : public httplib::Server {
 public:
  int listening_fd() const { return svr_sock_; }

  void set_connection_limits(ConnectionTimeouts timeouts, std::size_t max_requests, std::size_t max_head_bytes) {
    timeouts_ = timeouts;
    max_requests_ = max_requests;
    max_head_bytes_ = max_head_bytes;
  }

  // Called once a request's headers are read: true when its answer must be the
  // connection's last, because a body it declared will not be read.
  void set_close_rule(std::function<bool(const httplib::Request&)> rule) { must_close_after_answer_ = std::move(rule); }

  // Accepts connections and serves each on the pool (from new_task_queue) until
  // stop_accepting(); then lets every connection finish its current request
  // and joins the pool. Precondition: bound (httplib's bind_to_*).
  void serve();
  // From any thread; serve() returns soon after.
  void stop_accepting();

 private:
  void serve_connection(int fd);

  ConnectionTimeouts timeouts_;
  std::size_t max_requests_ = 10'000;
  std::size_t max_head_bytes_ = 16 * 1024;
  std::atomic<bool> stopping_{false};
  std::function<bool(const httplib::Request&)> must_close_after_answer_;
};

}  // namespace tagwire::api
