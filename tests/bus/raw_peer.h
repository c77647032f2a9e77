// RawPeer: a hand-driven ZeroMQ socket speaking raw TWB frames, for the bus
// tests' peers the real WorkerLink would never be (fake, garbled, silent).
// One thread uses it; it closes at once (linger 0) when destroyed.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "tagwire/bus/protocol.h"

namespace tagwire::testing {

// A DEALER connected to a broker, or a ROUTER bound where a worker link connects.
class RawPeer {
 public:
  RawPeer(const std::string& endpoint, zmq::socket_type type = zmq::socket_type::dealer)
      : socket_(context_, type) {
    socket_.set(zmq::sockopt::linger, 0);
    if (type == zmq::socket_type::router) {
      socket_.bind(endpoint);
    } else {
      socket_.connect(endpoint);
    }
  }
  std::string endpoint() { return socket_.get(zmq::sockopt::last_endpoint); }
  void send(std::vector<std::string> frames) {
    std::vector<zmq::const_buffer> buffers;
    for (const auto& f : frames) buffers.push_back(zmq::buffer(f));
    REQUIRE(zmq::send_multipart(socket_, buffers));
  }
  // Waits for a message whose type byte (at `type_index`) is `type`; others are skipped.
  std::optional<std::vector<std::string>> expect(bus::MessageType type, std::size_t type_index = 1,
                                                 std::chrono::milliseconds within = std::chrono::seconds(3)) {
    const auto until = std::chrono::steady_clock::now() + within;
    socket_.set(zmq::sockopt::rcvtimeo, 50);
    while (std::chrono::steady_clock::now() < until) {
      std::vector<zmq::message_t> parts;
      if (!zmq::recv_multipart(socket_, std::back_inserter(parts))) continue;
      std::vector<std::string> frames;
      for (auto& p : parts) frames.push_back(p.to_string());
      if (frames.size() > type_index && frames[type_index] == std::string(1, static_cast<char>(type))) {
        return frames;
      }
    }
    return std::nullopt;
  }

 private:
  zmq::context_t context_;
  zmq::socket_t socket_;
};

inline std::string type_frame(tagwire::bus::MessageType t) { return std::string(1, static_cast<char>(t)); }

}  // namespace tagwire::testing
