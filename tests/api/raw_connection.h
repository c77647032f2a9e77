// A raw client connection for tests of the HTTP edge: bytes out exactly as
// given, everything the server sends back, and the status of each answer.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace tagwire::api::testing {

using namespace std::chrono_literals;

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
      if (n <= 0) {
        closed_ = true;  // end of stream, or reset
        break;
      }
      out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
  }

  // True once answers() saw the server close the connection.
  bool closed() const { return closed_; }

 private:
  int fd_;
  bool closed_ = false;
};

// What one connection gets back for `request`.
inline std::string exchange(int port, const std::string& request) {
  Connection connection(port);
  connection.send(request);
  return connection.answers();
}

// The answers to `request` and then, on the same connection, to a GET sent
// once the first answer is in: the GET's answer shows the body was read to its
// end (httplib reads no request sent before the previous one is answered).
inline std::pair<std::string, std::string> exchange_then_get(int port, const std::string& request) {
  Connection connection(port);
  connection.send(request);
  std::string first = connection.answers();
  connection.send("GET /echo HTTP/1.1\r\nHost: t\r\n\r\n");
  return {first, connection.answers()};
}

// The status codes of every answer in `stream`, in order.
inline std::vector<int> statuses(const std::string& stream) {
  std::vector<int> out;
  for (std::size_t at = stream.find("HTTP/1.1 "); at != std::string::npos; at = stream.find("HTTP/1.1 ", at + 1)) {
    out.push_back(std::stoi(stream.substr(at + 9, 3)));
  }
  return out;
}

}  // namespace tagwire::api::testing
