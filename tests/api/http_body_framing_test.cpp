// The HTTP edge and request bodies: bounded, never waited for when undeclared,
// and always read to their end so the next request on the connection is read
// as one (http_body_framing.h).
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "tagwire/api/http_response.h"
#include "tagwire/api/http_server.h"
#include "raw_connection.h"
#include "server_guard.h"

using namespace tagwire::api;
using namespace tagwire::api::testing;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t kMaxBody = 1024;

// Adds POST /echo, which answers the body's size, and GET /echo beside it.
HttpServer& with_echo_routes(HttpServer& server) {
  server.get("/echo", [](const httplib::Request&, httplib::Response& res, const RequestContext&) {
    respond_json(res, 200, "{\"get\":true,\"padding\":\"0123456789\"}");
  });
  server.post("/echo", [](const httplib::Request& req, httplib::Response& res, const RequestContext&) {
    respond_json(res, 200, "{\"bytes\":" + std::to_string(req.body.size()) + "}");
  });
  return server;
}

// Bodies up to kMaxBody, and a read timeout far above how long the tests wait
// for an answer.
HttpServerOptions echo_options() {
  HttpServerOptions o;
  o.port = 0;
  o.min_threads = 2;
  o.max_threads = 8;
  o.max_body_bytes = kMaxBody;
  o.read_timeout_ms = 10'000;
  return o;
}

// The echo routes running on a free port for the life of the object.
class EchoServer {
 public:
  explicit EchoServer(HttpServerOptions options = echo_options())
      : server_(std::move(options)), guard_(with_echo_routes(server_)) {}
  int port() const { return guard_.port(); }

 private:
  HttpServer server_;
  ServerGuard guard_;
};

std::string chunked(std::size_t bytes) {
  std::string body;
  const std::string chunk(4096, 'x');
  for (std::size_t left = bytes; left > 0;) {
    const std::size_t n = std::min(left, chunk.size());
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", n);
    body += size + chunk.substr(0, n) + "\r\n";
    left -= n;
  }
  return body + "0\r\n\r\n";
}

}  // namespace

TEST_CASE("a chunked body over the limit answers 413 and the connection stays in step", "[http][framing]") {
  EchoServer server;
  const auto [answer, next] = exchange_then_get(
      server.port(), "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
                         chunked(400 * 1024));
  CHECK(statuses(answer) == std::vector<int>{413});
  CHECK(answer.find("\"payload_too_large\"") != std::string::npos);
  CHECK(statuses(next) == std::vector<int>{200});
  CHECK(next.find("\"get\":true") != std::string::npos);
}

TEST_CASE("a chunked body within the limit reaches the route whole", "[http][framing]") {
  EchoServer server;
  const std::string answer =
      exchange(server.port(), "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(kMaxBody));
  CHECK(statuses(answer) == std::vector<int>{200});
  CHECK(answer.find("{\"bytes\":1024}") != std::string::npos);
}

TEST_CASE("a POST declaring no body length answers 411 without waiting for the read timeout", "[http][framing]") {
  EchoServer server;
  const std::string answer = exchange(server.port(), "POST /echo HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(statuses(answer) == std::vector<int>{411});
  CHECK(answer.find("\"length_required\"") != std::string::npos);
}

TEST_CASE("a PUT declaring no body answers 405 at once, with a body 405 after reading it", "[http][framing]") {
  EchoServer server;
  const std::string bare = exchange(server.port(), "PUT /echo HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(statuses(bare) == std::vector<int>{405});
  CHECK(bare.find("Allow: GET, HEAD, POST") != std::string::npos);
  const auto [with_body, next] = exchange_then_get(
      server.port(), "PUT /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(300 * 1024));
  CHECK(statuses(with_body) == std::vector<int>{405});
  CHECK(statuses(next) == std::vector<int>{200});
  const auto [elsewhere, after] =
      exchange_then_get(server.port(), "DELETE /nowhere HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc");
  CHECK(statuses(elsewhere) == std::vector<int>{404});
  CHECK(statuses(after) == std::vector<int>{200});
}

TEST_CASE("a Content-Length that is not one decimal number answers 400", "[http][framing]") {
  EchoServer server;
  for (const char* length : {"abc", "-5", "5 5", "99999999999999999999999"}) {
    INFO(length);
    const std::string answer =
        exchange(server.port(), std::string("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: ") + length + "\r\n\r\n{}");
    CHECK(statuses(answer).front() == 400);
    CHECK(answer.find("Content-Length must be one decimal number") != std::string::npos);
  }
  const std::string twice =
      exchange(server.port(), "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}");
  CHECK(statuses(twice).front() == 400);
}

TEST_CASE("a client expecting 100-continue hears 413 before sending a body over the limit", "[http][framing]") {
  EchoServer server;
  const std::string answer = exchange(
      server.port(), "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n");
  CHECK(statuses(answer) == std::vector<int>{413});
  CHECK(answer.find("\"payload_too_large\"") != std::string::npos);
}

TEST_CASE("a Range header is ignored: the answer is whole", "[http][framing]") {
  EchoServer server;
  const std::string answer = exchange(server.port(), "GET /echo HTTP/1.1\r\nHost: t\r\nRange: bytes=0-9\r\n\r\n");
  CHECK(statuses(answer) == std::vector<int>{200});
  CHECK(answer.find("Content-Range") == std::string::npos);
  CHECK(answer.find("\"padding\":\"0123456789\"}") != std::string::npos);
}

TEST_CASE("an answer that leaves a declared body unread closes the connection", "[http][framing]") {
  EchoServer server;
  struct Case {
    const char* request;
    int status;
  };
  const Case cases[] = {
      {"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello", 400},
      {"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400},
      {"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\nxxxxx", 400},
      {"GET /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello", 200},
      {"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 5\r\n\r\nhello", 415},
      {"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n", 413},
  };
  for (const Case& c : cases) {
    INFO(c.request);
    Connection connection(server.port());
    connection.send(c.request);
    const std::string answer = connection.answers();
    CHECK(statuses(answer) == std::vector<int>{c.status});
    CHECK(answer.find("Connection: close") != std::string::npos);
    CHECK(connection.closed());
  }
}

TEST_CASE("a body that stops arriving closes the connection after the read timeout", "[http][framing]") {
  HttpServerOptions options = echo_options();
  options.request_read_timeout_ms = 500;
  EchoServer server(options);
  Connection connection(server.port());
  connection.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nhalf");
  const std::string answer = connection.answers(1500ms);
  CHECK(answer.find("{\"bytes\"") == std::string::npos);
  CHECK(connection.closed());
}
