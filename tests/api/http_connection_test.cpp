// The connection loop around httplib (src/http/listener.h): requests that
// arrive too slowly are cut off, pipelined requests are all answered in order.
#include <catch2/catch.hpp>

#include <thread>

#include "raw_connection.h"
#include "server_guard.h"
#include "tagwire/api/http_response.h"
#include "tagwire/api/http_server.h"

using namespace tagwire::api;
using namespace tagwire::api::testing;

namespace {

// GET /ping?n=N answers {"n":"N"}.
HttpServer& with_ping_route(HttpServer& server) {
  server.get("/ping", [](const httplib::Request& req, httplib::Response& res, const RequestContext&) {
    respond_json(res, 200, "{\"n\":\"" + req.get_param_value("n") + "\"}");
  });
  return server;
}

// The ping route running on a free port for the life of the object.
class PingServer {
 public:
  explicit PingServer(HttpServerOptions options) : server_(with_free_port(std::move(options))), guard_(with_ping_route(server_)) {}
  int port() const { return guard_.port(); }

 private:
  static HttpServerOptions with_free_port(HttpServerOptions options) {
    options.port = 0;
    return options;
  }
  HttpServer server_;
  ServerGuard guard_;
};

}  // namespace

TEST_CASE("requests pipelined on one connection are all answered, in order", "[http][connection]") {
  PingServer server(HttpServerOptions{});
  std::string requests;
  for (int n = 0; n < 20; ++n) requests += "GET /ping?n=" + std::to_string(n) + " HTTP/1.1\r\nHost: t\r\n\r\n";
  const std::string answers = exchange(server.port(), requests);
  REQUIRE(statuses(answers) == std::vector<int>(20, 200));
  std::size_t at = 0;
  for (int n = 0; n < 20; ++n) {
    INFO(n);
    at = answers.find("{\"n\":\"" + std::to_string(n) + "\"}", at);
    CHECK(at != std::string::npos);
  }
}

TEST_CASE("a request still arriving after the request read timeout is cut off, and others are served",
          "[http][connection]") {
  HttpServerOptions options;
  options.min_threads = 1;
  options.max_threads = 1;  // one thread: the slow client would hold it for ever
  options.request_read_timeout_ms = 600;
  PingServer server(options);
  Connection slow(server.port());
  slow.send("GET /ping?n=slow HTTP/1.1\r\n");
  const auto started = std::chrono::steady_clock::now();
  // One header byte every 100 ms, each within the 5 s read timeout, for three
  // times the request read timeout.
  while (std::chrono::steady_clock::now() - started < 1800ms) {
    slow.send("X");
    std::this_thread::sleep_for(100ms);
  }
  const std::string cut = slow.answers(500ms);
  CHECK(slow.closed());
  CHECK(cut.find("{\"n\":\"slow\"}") == std::string::npos);
  const std::string other = exchange(server.port(), "GET /ping?n=1 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  CHECK(statuses(other) == std::vector<int>{200});
}
