// The worker's small HTTP port (--metrics-port): GET /metrics answers the
// Prometheus text (Content-Type kMetricsContentType), GET /debug/counters the
// counters as JSON. Any other path answers 404; a page whose callback throws
// answers 500 with a JSON error, and the failure is logged.
// Thread safety: start() and the destructor from one thread; requests are
// served on cpp-httplib's own thread and call the page callbacks from there.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "tagwire/common/result.h"

namespace httplib {
class Server;
}

namespace tagwire::compute {

class MetricsServer {
 public:
  // The bodies the port serves, made afresh for each request; both must be thread-safe.
  struct Pages {
    std::function<std::string()> metrics;   // GET /metrics: Prometheus text
    std::function<std::string()> counters;  // GET /debug/counters: JSON
  };

  // Binds host:port (port 0 picks a free one) and serves on a thread of its
  // own. Fails with kInternal naming the address when it cannot bind.
  static Result<std::unique_ptr<MetricsServer>> start(const std::string& host, int port, Pages pages);

  // Stops serving and joins the thread.
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  int port() const { return port_; }

 private:
  MetricsServer() = default;

  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace tagwire::compute
