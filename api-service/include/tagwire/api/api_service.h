// ApiService: the whole API process minus main(): the tag index, the embedded
// broker, the HTTP server and its routes, wired together and started.
//
// start() opens <data_dir>/tags.sqlite, binds the bus endpoint and the HTTP
// port (0 and "tcp://host:*" pick free ports, reported by http_port() and
// bus_endpoint()) and starts serving. It fails with the component's Error and
// leaves nothing running.
//
// shutdown() is the graceful stop: it stops accepting connections, makes new
// broker calls answer 503 shutting_down while jobs already in flight finish,
// waits until every accepted connection has been answered, then stops the
// broker and closes the index. The wait is bounded by the request budget
// (request_timeout_ms, capped) plus the socket write timeout and the
// keep-alive timeout, since every blocked request ends at its deadline.
// Idempotent; the destructor calls it.
//
// reload_bus_allow_list() reads --bus-allowed-keys-file again and hands it to
// the broker (Broker::replace_allowed_workers): what main does at SIGHUP. It
// fails (kBadRequest) when the bus runs without keys, with the file's error
// (the old list stays in force) or the broker's.
//
// Thread safety: http_port(), bus_endpoint(), reload_bus_allow_list(), shutdown() from any thread;
// shutdown() must not race the destructor.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>

#include "tagwire/api/api_lookup.h"
#include "tagwire/api/config.h"
#include "tagwire/api/http_server.h"
#include "tagwire/api/tag_index.h"
#include "tagwire/bus/broker.h"
#include "tagwire/common/result.h"

namespace tagwire::api {

class ApiService {
 public:
  static Result<std::unique_ptr<ApiService>> start(const ApiConfig& config);

  ~ApiService();
  ApiService(const ApiService&) = delete;
  ApiService& operator=(const ApiService&) = delete;

  int http_port() const { return http_port_; }
  std::string bus_endpoint() const { return bus_endpoint_; }
  int effective_backlog() const { return server_->effective_backlog(); }

  // The number of keys now allowed.
  Result<std::size_t> reload_bus_allow_list();

  void shutdown();

 private:
  explicit ApiService(const ApiConfig& config);

  ApiConfig config_;
  std::unique_ptr<TagIndex> index_;
  std::unique_ptr<bus::Broker> broker_;
  // Held by reload_bus_allow_list() while it uses broker_, and by shutdown()
  // while it resets it, so a reload racing a shutdown finds the broker whole
  // or gone.
  std::mutex broker_mutex_;
  std::unique_ptr<TagLookup> lookup_;
  std::unique_ptr<HttpServer> server_;
  int http_port_ = 0;
  std::string bus_endpoint_;
  std::once_flag shutdown_once_;
};

// The HttpServerOptions an ApiConfig asks for.
HttpServerOptions http_server_options(const ApiConfig& config);

}  // namespace tagwire::api
