// The broker's ZAP handler (RFC 27/ZAP): libzmq asks it, for every CURVE
// handshake on a socket of its context, whether the client's public key may
// in. It answers "200" for a key in the allow-list and "400" for any other.
//
// It binds inproc://zeromq.zap.01 in the context it is given, which must
// happen before the CURVE socket binds: while no handler is bound, libzmq
// 4.3.4 lets every CURVE client in. It must also stay open until that socket
// is closed. The handler does not look at the request's identity frame (in
// 4.3.4 it holds the server socket's own routing id, not the peer's); the
// client's public key is what it checks.
//
// Thread safety: one owner thread, which polls socket() and calls every method.
#pragma once

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include <zmq.hpp>

namespace tagwire::bus {

// What the handler answered one request, for its owner's logs and counters.
struct ZapDecision {
  bool allowed = false;
  std::string address;     // the client's IP address, as libzmq gives it
  std::string public_key;  // the client's key in Z85; empty when the request had none
  std::string reason;      // why it was refused; empty when allowed
};

class ZapHandler {
 public:
  // Binds the handler. allowed_keys are Z85 public keys; the caller has
  // checked them (is_z85_key). Throws zmq::error_t when it cannot bind (the
  // context already has a handler).
  ZapHandler(zmq::context_t& context, const std::vector<std::string>& allowed_keys);

  zmq::socket_t& socket() { return socket_; }

  // From now on, handshakes are decided against `allowed_keys` (Z85, checked
  // by the caller) instead of the list the handler started with.
  void replace_allowed(const std::vector<std::string>& allowed_keys);

  // True when the Z85 key (as libzmq gives a message's "User-Id": the key
  // this handler answered with) is in the allow-list now.
  bool allows(const std::string& z85_key) const;

  // Reads one waiting request and answers it; nullopt when none was waiting.
  std::optional<ZapDecision> answer_one();

 private:
  ZapDecision decide(const std::vector<std::string>& request) const;

  zmq::socket_t socket_;
  std::unordered_set<std::string> allowed_;  // 32-byte binary keys
};

}  // namespace tagwire::bus
