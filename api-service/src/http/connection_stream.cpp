// ConnectionStream (see connection_stream.h).
#include "http/connection_stream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "tagwire/api/http_request_line.h"

namespace tagwire::api {
namespace {

constexpr std::size_t kReadChunk = 16 * 1024;
// A longer request line is not rewritten: httplib answers 414 past 8,192 bytes.
constexpr std::size_t kMaxRequestLine = 16 * 1024;
// The longest header line httplib parses (CPPHTTPLIB_HEADER_MAX_LENGTH): a head
// cut this far past its limit has had more than the limit parsed.
constexpr std::size_t kMaxHeaderLine = 8192;

// Waits until `fd` is ready for `events` or `until` passes; true when ready.
bool wait_ready(int fd, short events, std::chrono::steady_clock::time_point until) {
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, events, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 60'000)));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return false;
  }
}

void address_of(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(addr);
    ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(addr);
    ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    port = ntohs(v6.sin6_port);
  }
  ip = text;
}

}  // namespace

void close_after_answer(httplib::Request& req) {
  req.headers.erase("Connection");
  req.headers.emplace("Connection", "close");
}

ConnectionStream::ConnectionStream(int fd, ConnectionTimeouts timeouts, std::size_t max_head_bytes)
    : fd_(fd), timeouts_(timeouts), max_head_bytes_(max_head_bytes) {}

bool ConnectionStream::wait_for_request() {
  if (buffered() > 0) return true;
  request_deadline_ = Clock::time_point::max();
  return fill(Clock::now() + timeouts_.keep_alive);
}

void ConnectionStream::begin_request() {
  request_deadline_ = Clock::now() + timeouts_.request_read;
  request_line_pending_ = true;
  awaiting_answer_head_ = true;
  in_head_ = true;
  head_bytes_ = 0;
  head_line_bytes_ = 0;
}

bool ConnectionStream::complete_request_line() {
  for (;;) {
    const std::size_t end = in_.find('\n', in_pos_);
    if (end != std::string::npos) {
      const std::size_t length = end - in_pos_;
      std::string line = escape_query_for_httplib(std::string_view(in_).substr(in_pos_, length));
      if (line.size() != length) in_.replace(in_pos_, length, line);  // escaping only lengthens a line
      break;
    }
    if (buffered() >= kMaxRequestLine) break;
    // fill() keeps the unread bytes (it drops only those already read) and adds to them.
    if (!fill(std::min(request_deadline_, Clock::now() + timeouts_.read))) return false;
  }
  request_line_pending_ = false;
  return true;
}

bool ConnectionStream::flush() {
  std::size_t sent = 0;
  while (sent < out_.size()) {
    const ssize_t n = ::send(fd_, out_.data() + sent, out_.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) &&
               wait_ready(fd_, POLLOUT, Clock::now() + timeouts_.write)) {
      continue;
    } else {
      out_.clear();
      return false;
    }
  }
  out_.clear();
  return true;
}

bool ConnectionStream::is_readable() const {
  if (buffered() > 0) return true;
  pollfd p{fd_, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

bool ConnectionStream::is_writable() const {
  pollfd p{fd_, POLLOUT, 0};
  return ::poll(&p, 1, 0) > 0;
}

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (request_line_pending_ && !complete_request_line()) {
    read_failed_ = true;
    return -1;
  }
  if (buffered() == 0 && !fill(std::min(request_deadline_, Clock::now() + timeouts_.read))) {
    read_failed_ = true;
    return -1;
  }
  const std::size_t n = std::min(size, buffered());
  if (in_head_ && !pass_head_bytes(n)) {
    read_failed_ = true;
    return -1;
  }
  std::memcpy(ptr, in_.data() + in_pos_, n);
  in_pos_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  if (awaiting_answer_head_) note_answer_head(std::string_view(ptr, size));
  out_.append(ptr, size);
  if (out_.size() >= 256 * 1024 && !flush()) return -1;  // a large answer goes out as it is written
  return static_cast<ssize_t>(size);
}

void ConnectionStream::note_answer_head(std::string_view bytes) {
  if (bytes.starts_with("HTTP/1.1 1")) return;  // interim; the final answer follows
  awaiting_answer_head_ = false;
  const std::size_t end = bytes.find("\r\n\r\n");
  const std::string_view head = bytes.substr(0, end == std::string_view::npos ? bytes.size() : end + 2);
  if (head.find("\r\nConnection: close\r\n") != std::string_view::npos) answer_says_close_ = true;
}

bool ConnectionStream::pass_head_bytes(std::size_t n) {
  for (std::size_t i = 0; i < n && in_head_; ++i) {
    const char byte = in_[in_pos_ + i];
    ++head_bytes_;
    if (byte == '\n') {
      in_head_ = head_line_bytes_ > 0;  // an empty line ends the head
      head_line_bytes_ = 0;
    } else if (byte != '\r') {
      ++head_line_bytes_;
    }
  }
  return !in_head_ || head_bytes_ <= max_head_bytes_ + kMaxHeaderLine;
}

bool ConnectionStream::fill(Clock::time_point until) {
  if (!out_.empty() && !flush()) return false;
  in_.erase(0, in_pos_);
  in_pos_ = 0;
  for (;;) {
    if (!wait_ready(fd_, POLLIN, until)) return false;
    const std::size_t old = in_.size();
    in_.resize(old + kReadChunk);
    const ssize_t n = ::recv(fd_, in_.data() + old, kReadChunk, 0);
    in_.resize(old + static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
    if (n > 0) return true;
    if (n == 0) return false;  // the client closed
    if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) return false;
  }
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t length = sizeof addr;
  if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &length) == 0) address_of(addr, ip, port);
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t length = sizeof addr;
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &length) == 0) address_of(addr, ip, port);
}

}  // namespace tagwire::api
