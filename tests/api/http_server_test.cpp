// HttpServer on its own: the edge behaviour every route shares.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

#include "tagwire/api/http_response.h"
#include "tagwire/api/http_server.h"
#include "tagwire/common/log.h"
#include "server_guard.h"

using namespace tagwire;
using namespace tagwire::api;
using tagwire::api::testing::ServerGuard;

namespace {

HttpServerOptions test_options() {
  HttpServerOptions options;
  options.port = 0;
  options.min_threads = 2;
  options.max_threads = 8;
  return options;
}

}  // namespace

TEST_CASE("an exception in a handler answers 500 internal and logs the request id", "[http][server]") {
  std::ostringstream log_lines;
  LogOptions log_options;
  log_options.stream = &log_lines;
  REQUIRE(init_logging(log_options));
  {
    HttpServer server(test_options());
    server.get("/boom", [](const httplib::Request&, httplib::Response&, const RequestContext&) {
      throw std::runtime_error("kaboom");
    });
    ServerGuard guard(server);
    httplib::Client client("127.0.0.1", guard.port());
    auto res = client.Get("/boom", httplib::Headers{{"X-Request-Id", "req-500"}});
    REQUIRE(res);
    CHECK(res->status == 500);
    rapidjson::Document doc;
    doc.Parse(res->body.c_str());
    REQUIRE_FALSE(doc.HasParseError());
    CHECK(doc["error"]["type"].GetString() == std::string("internal"));
    CHECK(doc["error"]["request_id"].GetString() == std::string("req-500"));
    CHECK(res->body.find("kaboom") == std::string::npos);  // internals stay in the log
    CHECK(server.counters().by_status().at(500) == 1);
  }
  const std::string logged = log_lines.str();
  REQUIRE(init_logging(LogOptions{}));
  CHECK(logged.find("\"request_id\":\"req-500\"") != std::string::npos);
  CHECK(logged.find("kaboom") != std::string::npos);
}

TEST_CASE("a keep-alive connection serves more than httplib's default of 5 requests", "[http][server]") {
  HttpServer server(test_options());
  server.get("/port", [](const httplib::Request& req, httplib::Response& res, const RequestContext&) {
    respond_json(res, 200, std::to_string(req.remote_port));
  });
  ServerGuard guard(server);
  httplib::Client client("127.0.0.1", guard.port());
  client.set_keep_alive(true);
  std::set<std::string> client_ports;
  for (int i = 0; i < 20; ++i) {
    auto res = client.Get("/port");
    REQUIRE(res);
    client_ports.insert(res->body);
  }
  CHECK(client_ports.size() == 1);
}

TEST_CASE("HEAD is allowed wherever GET is and other methods answer 405", "[http][server]") {
  HttpServer server(test_options());
  server.get("/thing", [](const httplib::Request&, httplib::Response& res, const RequestContext&) {
    respond_json(res, 200, "{}");
  });
  ServerGuard guard(server);
  httplib::Client client("127.0.0.1", guard.port());
  auto head = client.Head("/thing");
  REQUIRE(head);
  CHECK(head->status == 200);
  auto put = client.Put("/thing", "{}", "application/json");
  REQUIRE(put);
  CHECK(put->status == 405);
  CHECK(put->get_header_value("Allow") == "GET, HEAD");
}

TEST_CASE("binding a port already taken fails with a message naming it", "[http][server]") {
  HttpServer first(test_options());
  ServerGuard guard(first);
  HttpServerOptions options = test_options();
  options.port = guard.port();
  HttpServer second(options);
  auto bound = second.bind();
  REQUIRE_FALSE(bound);
  CHECK(bound.error().message.find(std::to_string(guard.port())) != std::string::npos);
}
