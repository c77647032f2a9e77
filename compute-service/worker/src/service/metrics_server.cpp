// The worker's /metrics and /debug/counters HTTP port.
#include "service/metrics_server.h"

#include <httplib.h>

#include <chrono>

#include "tagwire/common/log.h"
#include "tagwire/common/metrics_text.h"

namespace tagwire::compute {

Result<std::unique_ptr<MetricsServer>> MetricsServer::start(const std::string& host, int port, Pages pages) {
  std::unique_ptr<MetricsServer> self(new MetricsServer());
  self->server_ = std::make_unique<httplib::Server>();
  httplib::Server& server = *self->server_;
  server.new_task_queue = [] { return new httplib::ThreadPool(1); };
  server.Get("/metrics", [metrics = std::move(pages.metrics)](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics(), kMetricsContentType);
  });
  server.Get("/debug/counters",
             [counters = std::move(pages.counters)](const httplib::Request&, httplib::Response& res) {
               res.set_content(counters(), "application/json");
             });
  server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    Logger("metrics").error("metrics snapshot failed", {{"path", req.path}, {"what", describe_exception(ep)}});
    res.status = 500;
    res.set_content(R"({"error":{"type":"internal","message":"counters failed"}})", "application/json");
  });
  const std::string where = host + ":" + std::to_string(port);
  self->port_ = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (self->port_ <= 0) return Error{ErrorKind::kInternal, "cannot bind the metrics port " + where};
  self->thread_ = std::thread([&server] { server.listen_after_bind(); });
  // listen_after_bind() marks the server running before it accepts; wait for
  // that so a stop() right after start() is not lost.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!server.is_running() && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return self;
}

MetricsServer::~MetricsServer() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace tagwire::compute
