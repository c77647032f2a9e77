// Reading handshake failures from a socket monitor (see handshake_watch.h).
#include "handshake_watch.h"

#include <cstdint>
#include <cstdio>
#include <cstring>

#include "frames_io.h"

namespace tagwire::bus {
namespace {

// A monitor event's first frame: the event (16 bits) and its value (32 bits).
constexpr std::size_t kEventFrameBytes = sizeof(std::uint16_t) + sizeof(std::uint32_t);

std::string hex(int value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", static_cast<unsigned>(value));
  return text;
}

std::string describe_protocol_error(int code) {
  switch (code) {
    case ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH:
      return "security mechanism mismatch: one side uses CURVE keys, the other does not";
    case ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC:
      return "cryptographic error: the client does not hold the server's public key";
    default: return "ZMTP protocol error " + hex(code);
  }
}

}  // namespace

std::string describe(const HandshakeFailure& failure) {
  switch (failure.event) {
    case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH:
      return "authentication refused (ZAP status " + std::to_string(failure.value) + ")";
    case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL: return describe_protocol_error(failure.value);
    default: return std::string("connection lost during the handshake: ") + std::strerror(failure.value);
  }
}

HandshakeWatch::HandshakeWatch(zmq::context_t& context, zmq::socket_t& socket, const std::string& address,
                               int events)
    : pair_(context, zmq::socket_type::pair) {
  if (zmq_socket_monitor(socket.handle(), address.c_str(), events) != 0) throw zmq::error_t();
  pair_.set(zmq::sockopt::linger, 0);
  pair_.connect(address);
}

std::optional<HandshakeFailure> HandshakeWatch::next() {
  while (auto frames = receive_frames(pair_)) {
    if (frames->empty() || frames->front().size() != kEventFrameBytes) continue;
    std::uint16_t event = 0;
    std::uint32_t value = 0;
    std::memcpy(&event, frames->front().data(), sizeof event);
    std::memcpy(&value, frames->front().data() + sizeof event, sizeof value);
    if ((event & kAllFailures) == 0) continue;  // e.g. MONITOR_STOPPED when the socket closes
    return HandshakeFailure{event, static_cast<int>(value)};
  }
  return std::nullopt;
}

}  // namespace tagwire::bus
