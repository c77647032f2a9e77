// The HTTP edge and request bodies: bounded, never waited for when undeclared,
// and always read to their end so the next request on the connection is read
// as one (http_body_framing.h).
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "tagwire/api/http_response.h"
#include "tagwire/api/http_server.h"

using namespace tagwire::api;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t kMaxBody = 1024;

// A server whose POST /echo answers the body's size, with GET /echo beside it,
// and a read timeout far above how long the tests wait for an answer.
class EchoServer {
 public:
  EchoServer() : server_(options()) {
    server_.get("/echo", [](const httplib::Request&, httplib::Response& res, const RequestContext&) {
      respond_json(res, 200, "{\"get\":true,\"padding\":\"0123456789\"}");
    });
    server_.post("/echo", [](const httplib::Request& req, httplib::Response& res, const RequestContext&) {
      respond_json(res, 200, "{\"bytes\":" + std::to_string(req.body.size()) + "}");
    });
    auto port = server_.bind();
    REQUIRE(port);
    port_ = port.value();
    server_.start();
  }
  ~EchoServer() {
    server_.stop();
    server_.join();
  }
  int port() const { return port_; }

 private:
  static HttpServerOptions options() {
    HttpServerOptions o;
    o.port = 0;
    o.min_threads = 2;
    o.max_threads = 8;
    o.max_body_bytes = kMaxBody;
    o.read_timeout_ms = 10'000;
    return o;
  }
  HttpServer server_;
  int port_ = 0;
};

// One client connection: requests go out whole, answers are read until the
// server has been silent for a while (or closed the connection).
class Connection {
 public:
  explicit Connection(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  }
  ~Connection() { ::close(fd_); }

  void send(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;  // the server may answer and stop reading early
      sent += static_cast<std::size_t>(n);
    }
  }

  std::string answers(std::chrono::milliseconds quiet = 1500ms) {
    std::string out;
    pollfd p{fd_, POLLIN, 0};
    char buffer[65536];
    while (::poll(&p, 1, static_cast<int>(quiet.count())) > 0) {
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
  }

 private:
  int fd_;
};

// What one connection gets back for `request`.
std::string exchange(int port, const std::string& request) {
  Connection connection(port);
  connection.send(request);
  return connection.answers();
}

// The answers to `request` and then, on the same connection, to a GET sent
// once the first answer is in: the GET's answer shows the body was read to its
// end (httplib reads no request sent before the previous one is answered).
std::pair<std::string, std::string> exchange_then_get(int port, const std::string& request) {
  Connection connection(port);
  connection.send(request);
  std::string first = connection.answers();
  connection.send("GET /echo HTTP/1.1\r\nHost: t\r\n\r\n");
  return {first, connection.answers()};
}

// The status codes of every answer in `stream`, in order.
std::vector<int> statuses(const std::string& stream) {
  std::vector<int> out;
  for (std::size_t at = stream.find("HTTP/1.1 "); at != std::string::npos; at = stream.find("HTTP/1.1 ", at + 1)) {
    out.push_back(std::stoi(stream.substr(at + 9, 3)));
  }
  return out;
}

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
