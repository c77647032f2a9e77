// Multipart send/receive of TWB envelopes.
#include "frames_io.h"

#include <zmq_addon.hpp>

#include <cerrno>

namespace tagwire::bus {

SendOutcome send_envelope(zmq::socket_t& socket, const std::optional<std::string>& identity,
                          const Envelope& envelope) {
  std::vector<std::string> frames = to_frames(envelope);
  if (identity) frames.insert(frames.begin(), *identity);
  std::vector<zmq::const_buffer> buffers;
  buffers.reserve(frames.size());
  for (const auto& frame : frames) buffers.push_back(zmq::buffer(frame));
  try {
    auto sent = zmq::send_multipart(socket, buffers, zmq::send_flags::dontwait);
    return sent ? SendOutcome::kSent : SendOutcome::kWouldBlock;
  } catch (const zmq::error_t& e) {
    if (e.num() == EHOSTUNREACH) return SendOutcome::kUnroutable;
    throw;
  }
}

std::optional<std::vector<std::string>> receive_frames(zmq::socket_t& socket, std::string* user_id) {
  std::vector<zmq::message_t> parts;
  auto received = zmq::recv_multipart(socket, std::back_inserter(parts), zmq::recv_flags::dontwait);
  if (!received) return std::nullopt;
  std::vector<std::string> frames;
  frames.reserve(parts.size());
  for (const auto& part : parts) frames.push_back(part.to_string());
  if (user_id != nullptr) {
    user_id->clear();
    // Every part of a message from one connection carries its metadata; the
    // payload's is read, the ROUTER's identity part may lack it.
    if (!parts.empty()) {
      if (const char* value = zmq_msg_gets(parts.back().handle(), "User-Id")) *user_id = value;
    }
  }
  return frames;
}

}  // namespace tagwire::bus
