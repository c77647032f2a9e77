// CURVE keys of the bus (PROTOCOL.md "Authentication"): making a key pair,
// checking a key's text, deriving a public key, and the keys each side of the
// bus is given.
//
// Keys travel as their Z85 text: 40 characters for 32 bytes, never
// whitespace. Errors never quote a secret key.
// Thread safety: plain functions and values.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tagwire/common/result.h"

namespace tagwire::bus {

inline constexpr std::size_t kZ85KeyLength = 40;

struct CurveKeyPair {
  std::string public_key;  // Z85
  std::string secret_key;  // Z85
};

// The API's side: the ROUTER is a CURVE server with this secret key, and only
// clients whose public key is in allowed_workers get past the handshake.
struct CurveServerKeys {
  std::string secret_key;                    // Z85
  std::vector<std::string> allowed_workers;  // Z85 public keys
};

// A worker's side: the API's public key and the worker's own secret key (its
// public key is derived from it).
struct CurveClientKeys {
  std::string server_key;  // Z85, the API's public key
  std::string secret_key;  // Z85
};

// Whether `text` is a CURVE key in Z85: 40 characters that zmq_z85_decode takes.
bool is_z85_key(std::string_view text);

// A new key pair from libzmq (zmq_curve_keypair). Fails (kInternal) when
// libzmq was built without CURVE.
Result<CurveKeyPair> new_key_pair();

// The public key that belongs to a Z85 secret key (zmq_curve_public). Fails
// (kBadRequest, without quoting the text) when it is not a Z85 key.
Result<std::string> public_key_of(const std::string& secret_key);

// A 32-byte key as Z85, and back; decode gives "" for text that is not a key.
std::string z85_encode_key(std::string_view binary);
std::string z85_decode_key(std::string_view text);

}  // namespace tagwire::bus
