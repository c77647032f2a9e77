// ConnectionStream: one client connection as httplib sees it (httplib::Stream),
// with the buffering and deadlines httplib's own SocketStream lacks.
//
// - Reads go through one buffer for the whole connection, so requests a client
//   pipelined behind another are read in turn (httplib's stream buffers per
//   request and dropped them).
// - A request must arrive whole (line, headers, body) by `request_read` after
//   its first byte: a client sending a byte every few seconds no longer holds a
//   thread for ever. Each wait for bytes is also capped by `read`.
// - What an answer writes is kept and sent in one send() by flush(), which the
//   connection loop calls after each request (and which runs before any read
//   that has to wait, so "100 Continue" goes out before the body is awaited).
// - A request's head (request line and headers) may run to `max_head_bytes`
//   and one more header line (httplib takes lines of up to 8,192 bytes): past
//   that, reads fail, so httplib stops parsing, answers 400 (which the edge
//   handlers turn into 431: the head parsed so far is over the limit) and the
//   connection ends. httplib keeps every header it parses, so without this a
//   client sending header lines without end made the process hold them all.
// - Each request line is read whole before httplib sees its first byte, and
//   rewritten so httplib reads a '?' or '=' inside a query value (http_request_line.h).
// - An answer whose head says "Connection: close" is the connection's last
//   (closing()): httplib says so for a client's "Connection: close", and the
//   edge handlers make it say so when a request was not read to its end.
// Not thread-safe: one connection, one thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include <httplib.h>

namespace tagwire::api {

struct ConnectionTimeouts {
  std::chrono::milliseconds request_read{10'000};  // a whole request, from its first byte
  std::chrono::milliseconds read{5'000};           // any one wait for bytes
  std::chrono::milliseconds write{5'000};          // any one wait to send
  std::chrono::milliseconds keep_alive{2'000};     // idle wait for the next request
};

// Makes httplib's answer to `req` say "Connection: close", so that it is the
// connection's last (closing() above).
void close_after_answer(httplib::Request& req);

class ConnectionStream final : public httplib::Stream {
 public:
  using Clock = std::chrono::steady_clock;

  ConnectionStream(int fd, ConnectionTimeouts timeouts, std::size_t max_head_bytes);

  // Waits up to the keep-alive time for the next request's first byte.
  bool wait_for_request();
  // The request starting now must have arrived whole by now + request_read.
  void begin_request();
  // Sends everything written since the last flush; false when it could not.
  bool flush();
  // The connection must end after the current answer: it said
  // "Connection: close", or a read failed.
  bool closing() const { return answer_says_close_ || read_failed_; }

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }

 private:
  std::size_t buffered() const { return in_.size() - in_pos_; }
  // Waits for bytes until `until` (flushing pending output first) and reads
  // what is there; false on timeout, end of stream or error.
  bool fill(Clock::time_point until);
  // Before a request's first byte goes to httplib: reads until its request
  // line is buffered whole (or is longer than any httplib takes) and rewrites
  // it; false when the bytes stopped coming.
  bool complete_request_line();
  // Called with each write until the answer's head went by: httplib writes a
  // status line and its headers in one write. Interim answers (100 Continue)
  // are skipped; the final answer's head is checked for "Connection: close".
  void note_answer_head(std::string_view bytes);
  // Follows the `n` bytes about to go to httplib through the request's head;
  // false when the head has grown past its limit.
  bool pass_head_bytes(std::size_t n);

  int fd_;
  ConnectionTimeouts timeouts_;
  std::size_t max_head_bytes_;
  std::string in_;
  std::size_t in_pos_ = 0;
  std::string out_;
  Clock::time_point request_deadline_ = Clock::time_point::max();
  bool read_failed_ = false;
  bool request_line_pending_ = false;
  bool awaiting_answer_head_ = false;
  bool answer_says_close_ = false;
  bool in_head_ = false;           // the current request's head has not ended yet
  std::size_t head_bytes_ = 0;     // of the current request's head, so far
  std::size_t head_line_bytes_ = 0;  // of the head's current line, CR and LF not counted
};

}  // namespace tagwire::api
