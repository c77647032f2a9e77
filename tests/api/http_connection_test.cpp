// The connection loop around httplib (src/http/listener.h): requests that
// arrive too slowly are cut off, pipelined requests are all answered in order,
// and a request that cannot be parsed ends its connection.
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

TEST_CASE("a '?' or '=' inside a query value reaches the route as part of it", "[http][connection]") {
  PingServer server(HttpServerOptions{});
  // Pipelined behind each other, so the rewrite must leave the bytes that follow in place.
  const std::string answers = exchange(server.port(),
                                       "GET /ping?n=http://a.example/p?id=3 HTTP/1.1\r\nHost: t\r\n\r\n"
                                       "GET /ping?n=plain HTTP/1.1\r\nHost: t\r\n\r\n"
                                       "GET /ping?n=?? HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  REQUIRE(statuses(answers) == std::vector<int>{200, 200, 200});
  const std::size_t first = answers.find("{\"n\":\"http://a.example/p?id=3\"}");
  const std::size_t second = answers.find("{\"n\":\"plain\"}");
  const std::size_t third = answers.find("{\"n\":\"??\"}");
  CHECK(first != std::string::npos);
  CHECK(second != std::string::npos);
  CHECK(third != std::string::npos);
  CHECK((first < second && second < third));
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

TEST_CASE("a request line httplib cannot parse gets one answer and ends the connection", "[http][connection]") {
  // Before: httplib answered 400 and read on, so each header line and the
  // request pipelined behind came back as another 400 (one request, six
  // answers), and a GET hidden in a body was run.
  PingServer server(HttpServerOptions{});
  struct Case {
    const char* line;
    int status;
  };
  const Case cases[] = {
      {"FOO /ping HTTP/1.1", 501},      // a method nobody here knows
      {"get /ping HTTP/1.1", 501},      // methods are case-sensitive
      {"GET /ping HTTP/9.1", 400},      // a version this server does not speak
      {"GET /ping", 400},               // no version at all
      {"\x16\x03\x01 /ping x", 400},   // not a method token (a TLS hello, say)
      {"HELLO", 400},                   // no request line at all, though a token
      {"foo bar baz qux", 400},         // words, not a request line
  };
  for (const Case& c : cases) {
    INFO(c.line);
    Connection connection(server.port());
    connection.send(std::string(c.line) + "\r\nHost: t\r\nContent-Length: 31\r\n\r\n" +
                    "GET /ping?n=hidden HTTP/1.1\r\n\r\n" + "GET /ping?n=next HTTP/1.1\r\nHost: t\r\n\r\n");
    const std::string answer = connection.answers();
    CHECK(statuses(answer) == std::vector<int>{c.status});
    CHECK(answer.find("Connection: close") != std::string::npos);
    CHECK(answer.find("\"n\"") == std::string::npos);
    CHECK(connection.closed());
  }
}

TEST_CASE("TRACE and CONNECT answer 501 not_implemented in JSON", "[http][connection]") {
  PingServer server(HttpServerOptions{});
  for (const char* method : {"TRACE", "CONNECT"}) {
    INFO(method);
    const std::string answer = exchange(server.port(), std::string(method) + " /ping HTTP/1.1\r\nHost: t\r\n\r\n");
    CHECK(statuses(answer) == std::vector<int>{501});
    CHECK(answer.find("\"type\":\"not_implemented\"") != std::string::npos);
  }
}

TEST_CASE("an answer that says Connection: close is the connection's last", "[http][connection]") {
  PingServer server(HttpServerOptions{});
  Connection connection(server.port());
  connection.send("GET /ping?n=1 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\nGET /ping?n=2 HTTP/1.1\r\nHost: t\r\n\r\n");
  const std::string answer = connection.answers();
  CHECK(statuses(answer) == std::vector<int>{200});
  CHECK(answer.find("{\"n\":\"2\"}") == std::string::npos);
  CHECK(connection.closed());
}

TEST_CASE("a head that never ends is cut off past max_header_bytes with 431, and so is one on an unknown path",
          "[http][connection]") {
  // Before: httplib kept every header line it was sent until the request read
  // timeout (400 MB of headers took the process from 14 MB to 770 MB), and a
  // large head on a path without a route answered 404.
  HttpServerOptions options;
  options.max_header_bytes = 1024;
  PingServer server(options);
  SECTION("lines without end") {
    Connection connection(server.port());
    std::string head = "GET /ping?n=1 HTTP/1.1\r\nHost: t\r\n";
    for (int i = 0; i < 400; ++i) head += "X-Filler-" + std::to_string(i) + ": " + std::string(100, 'h') + "\r\n";
    connection.send(head);  // about 45 KB, and no empty line: the head never ends
    const std::string answer = connection.answers();
    CHECK(statuses(answer) == std::vector<int>{431});
    CHECK(answer.find("\"headers_too_large\"") != std::string::npos);
    CHECK(connection.closed());
  }
  SECTION("a whole head on a path without a route") {
    std::string head = "GET /nowhere HTTP/1.1\r\nHost: t\r\n";
    for (int i = 0; i < 20; ++i) head += "X-Filler-" + std::to_string(i) + ": " + std::string(100, 'h') + "\r\n";
    const std::string answer = exchange(server.port(), head + "\r\n");
    CHECK(statuses(answer) == std::vector<int>{431});
  }
}
