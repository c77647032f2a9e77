// Handshake failures of one ZeroMQ socket, which libzmq reports only as
// socket monitor events (zmq_socket_monitor): the owner thread reads them
// from a PAIR it polls along with its other sockets. cppzmq's monitor_t keeps
// that PAIR private and reads it in a poll of its own, so it cannot join the
// owner's zmq::poll; this class is the few lines that can.
//
// Thread safety: the thread that owns the watched socket only. The watch may
// be destroyed before or after the socket it watches.
#pragma once

#include <optional>
#include <string>

#include <zmq.hpp>

namespace tagwire::bus {

struct HandshakeFailure {
  int event = 0;  // ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, _PROTOCOL or _AUTH
  int value = 0;  // an errno, a ZMQ_PROTOCOL_ERROR_* code, or the ZAP status code
};

// One line for logs, e.g. "authentication refused (ZAP status 400)" or
// "cryptographic error: the client does not hold the server's public key".
std::string describe(const HandshakeFailure& failure);

class HandshakeWatch {
 public:
  static constexpr int kAllFailures =
      ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;

  // Starts monitoring `socket` for `events` (a subset of kAllFailures)
  // through `address`, an inproc name no other monitor in `context` uses.
  // Start it before the socket binds or connects, so no handshake is missed.
  // Throws zmq::error_t.
  HandshakeWatch(zmq::context_t& context, zmq::socket_t& socket, const std::string& address, int events);

  zmq::socket_t& socket() { return pair_; }

  // The next failure reported, without waiting; nullopt when none is waiting.
  std::optional<HandshakeFailure> next();

 private:
  zmq::socket_t pair_;
};

}  // namespace tagwire::bus
