// The listen backlog fix: cpp-httplib 0.11.4 listens with a backlog of 5, and
// HttpServer widens it after bind (common/listen_socket.h).
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "http_test_api.h"
#include "tagwire/common/listen_socket.h"

using namespace tagwire;
using namespace tagwire::api;
using tagwire::api::testing::RunningApi;

namespace {

int listening_socket(int backlog) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  REQUIRE(::listen(fd, backlog) == 0);
  return fd;
}

int nonblocking_connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  const int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  REQUIRE((rc == 0 || errno == EINPROGRESS));
  return fd;
}

// Connections the kernel completed (writable, no error) within `wait`, while
// nobody calls accept(): what fits in the accept queue.
std::size_t completed_connections(const std::vector<int>& fds, std::chrono::milliseconds wait) {
  std::vector<pollfd> polls;
  for (int fd : fds) polls.push_back(pollfd{fd, POLLOUT, 0});
  ::poll(polls.data(), polls.size(), static_cast<int>(wait.count()));
  std::size_t completed = 0;
  for (const auto& p : polls) {
    int error = 0;
    socklen_t length = sizeof(error);
    ::getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if ((p.revents & POLLOUT) && error == 0) ++completed;
  }
  return completed;
}

void raise_fd_limit(rlim_t wanted) {
  rlimit limit{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
  if (limit.rlim_cur >= wanted) return;
  limit.rlim_cur = std::min(wanted, limit.rlim_max);
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &limit) == 0);
  REQUIRE(limit.rlim_cur >= wanted);
}

}  // namespace

TEST_CASE("listening again widens the accept queue of a listening socket", "[http][backlog]") {
  const int server = listening_socket(1);
  // A second listen() on the same socket is how HttpServer lifts httplib's 5.
  REQUIRE(widen_listen_backlog(server, 64));
  const int port = bound_port(server);
  std::vector<int> clients;
  for (int i = 0; i < 40; ++i) clients.push_back(nonblocking_connect(port));
  // With the backlog of 1 at most two would complete; the rest would wait for
  // SYN retransmits (1 s and more).
  CHECK(completed_connections(clients, std::chrono::milliseconds(500)) == 40);
  for (int fd : clients) ::close(fd);
  ::close(server);
}

TEST_CASE("widening the backlog of a socket that is not listening fails", "[http][backlog]") {
  CHECK_FALSE(widen_listen_backlog(-1, 64));
}

TEST_CASE("a thousand concurrent connections each sending a request all get answers", "[http][backlog][integration]") {
  constexpr int kConnections = 1000;
  raise_fd_limit(3 * kConnections + 256);  // client + server side of each, plus the rest
  RunningApi api;
  REQUIRE(api.service().effective_backlog() >= std::min(kConnections, read_somaxconn()));

  const std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  const auto start = std::chrono::steady_clock::now();
  std::vector<int> fds;
  for (int i = 0; i < kConnections; ++i) fds.push_back(nonblocking_connect(api.port()));

  std::vector<std::string> answers(kConnections);
  std::vector<bool> sent(kConnections, false);
  std::vector<bool> closed(kConnections, false);
  int open = kConnections;
  const auto give_up = start + std::chrono::seconds(10);
  while (open > 0 && std::chrono::steady_clock::now() < give_up) {
    std::vector<pollfd> polls;
    std::vector<int> index;
    for (int i = 0; i < kConnections; ++i) {
      if (closed[i]) continue;
      polls.push_back(pollfd{fds[i], static_cast<short>(sent[i] ? POLLIN : POLLOUT), 0});
      index.push_back(i);
    }
    ::poll(polls.data(), polls.size(), 100);
    for (std::size_t k = 0; k < polls.size(); ++k) {
      const int i = index[k];
      if (!sent[i] && (polls[k].revents & POLLOUT)) {
        REQUIRE(::send(fds[i], request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
        sent[i] = true;
      } else if (sent[i] && (polls[k].revents & (POLLIN | POLLHUP | POLLERR))) {
        char buffer[4096];
        const ssize_t n = ::recv(fds[i], buffer, sizeof(buffer), 0);
        if (n > 0) {
          answers[i].append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EAGAIN) {
          closed[i] = true;
          --open;
        }
      }
    }
  }
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  for (int fd : fds) ::close(fd);

  const auto answered = std::count_if(answers.begin(), answers.end(), [](const std::string& a) {
    return a.starts_with("HTTP/1.1 200") && a.find("{\"status\":\"ok\"}") != std::string::npos;
  });
  CHECK(answered == kConnections);
  WARN("1000 concurrent connections answered in " << elapsed.count() << " ms");
}
