// Sending and receiving TWB envelopes on a ZeroMQ socket, with or without a
// ROUTER identity in front. Used only by the socket-owning threads.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "tagwire/bus/protocol.h"

namespace tagwire::bus {

enum class SendOutcome { kSent, kUnroutable, kWouldBlock };

// Sends [identity] + the four frames, without blocking. A ROUTER with
// ZMQ_ROUTER_MANDATORY reports a peer that is gone as kUnroutable.
SendOutcome send_envelope(zmq::socket_t& socket, const std::optional<std::string>& identity,
                          const Envelope& envelope);

// Receives one multipart message if one is waiting; nullopt otherwise. With
// `user_id`, also the message's "User-Id" property: what the ZAP handler
// answered for the peer's handshake (its public key), empty without one.
std::optional<std::vector<std::string>> receive_frames(zmq::socket_t& socket, std::string* user_id = nullptr);

}  // namespace tagwire::bus
