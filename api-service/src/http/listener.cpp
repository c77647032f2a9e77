// The accept loop and the connection loop (see listener.h).
#include "http/listener.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <thread>

namespace tagwire::api {
namespace {

constexpr int kAcceptPollMs = 100;  // how soon serve() notices stop_accepting()

void set_nodelay(int fd) {
  int yes = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
}

}  // namespace

void HttpServer::Listener::serve() {
  const int listening = svr_sock_;
  ::fcntl(listening, F_SETFL, ::fcntl(listening, F_GETFL) | O_NONBLOCK);
  std::unique_ptr<httplib::TaskQueue> pool(new_task_queue());
  while (!stopping_.load()) {
    pollfd p{listening, POLLIN, 0};
    if (::poll(&p, 1, kAcceptPollMs) <= 0) continue;
    const int fd = ::accept4(listening, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
      // Out of descriptors: wait for connections to end rather than spin.
      if (errno == EMFILE || errno == ENFILE) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    set_nodelay(fd);
    pool->enqueue([this, fd] { serve_connection(fd); });
  }
  pool->shutdown();
  svr_sock_ = INVALID_SOCKET;
  ::close(listening);  // here, not in stop_accepting(): no other thread may reuse the number meanwhile
}

void HttpServer::Listener::stop_accepting() {
  stopping_.store(true);
  const int listening = svr_sock_;
  if (listening != INVALID_SOCKET) ::shutdown(listening, SHUT_RDWR);
}

void HttpServer::Listener::serve_connection(int fd) {
  ConnectionStream stream(fd, timeouts_, max_head_bytes_);
  for (std::size_t left = max_requests_; left > 0 && !stopping_.load(); --left) {
    if (!stream.wait_for_request()) break;
    stream.begin_request();
    bool connection_closed = false;
    bool headers_read = false;  // httplib calls the setup below once it has parsed the line and headers
    const auto close_if_body_left = [this, &headers_read](httplib::Request& req) {
      headers_read = true;
      if (must_close_after_answer_ && must_close_after_answer_(req)) close_after_answer(req);
    };
    const bool answered = process_request(stream, left == 1 || stopping_.load(), connection_closed, close_if_body_left);
    // An unparsable request leaves the rest of its bytes unread: never read them as the next request.
    if (!stream.flush() || !answered || !headers_read || connection_closed || stream.closing()) break;
  }
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
}

}  // namespace tagwire::api
