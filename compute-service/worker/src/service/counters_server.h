// The worker's small HTTP port: GET /debug/counters answers the counters as
// JSON (until a Prometheus /metrics exists). Any other path answers 404.
// Thread safety: start() and the destructor from one thread; requests are
// served on cpp-httplib's own threads and call `snapshot` from there.
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

class CountersServer {
 public:
  using Snapshot = std::function<std::string()>;  // the JSON body; must be thread-safe

  // Binds host:port (port 0 picks a free one) and serves on a thread of its
  // own. Fails with kInternal naming the address when it cannot bind.
  static Result<std::unique_ptr<CountersServer>> start(const std::string& host, int port, Snapshot snapshot);

  // Stops serving and joins the thread.
  ~CountersServer();
  CountersServer(const CountersServer&) = delete;
  CountersServer& operator=(const CountersServer&) = delete;

  int port() const { return port_; }

 private:
  CountersServer() = default;

  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace tagwire::compute
