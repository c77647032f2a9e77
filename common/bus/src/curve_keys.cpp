// Z85 keys through libzmq's own functions (see curve_keys.h).
#include "tagwire/bus/curve_keys.h"

#include <zmq.h>

#include <array>
#include <cstdint>
#include <cstring>

namespace tagwire::bus {
namespace {

constexpr std::size_t kKeyBytes = 32;

}  // namespace

std::string z85_decode_key(std::string_view text) {
  if (text.size() != kZ85KeyLength) return "";
  const std::string terminated(text);  // zmq_z85_decode reads a C string
  std::array<std::uint8_t, kKeyBytes> binary{};
  if (zmq_z85_decode(binary.data(), terminated.c_str()) == nullptr) return "";
  return std::string(binary.begin(), binary.end());
}

std::string z85_encode_key(std::string_view binary) {
  if (binary.size() != kKeyBytes) return "";
  std::array<char, kZ85KeyLength + 1> text{};
  zmq_z85_encode(text.data(), reinterpret_cast<const std::uint8_t*>(binary.data()), binary.size());
  return std::string(text.data(), kZ85KeyLength);
}

bool is_z85_key(std::string_view text) { return !z85_decode_key(text).empty(); }

Result<CurveKeyPair> new_key_pair() {
  std::array<char, kZ85KeyLength + 1> public_key{};
  std::array<char, kZ85KeyLength + 1> secret_key{};
  if (zmq_curve_keypair(public_key.data(), secret_key.data()) != 0) {
    return Error::make(ErrorKind::kInternal, std::string("cannot make a CURVE key pair: ") + zmq_strerror(zmq_errno()) +
                                                 " (is libzmq built with CURVE?)");
  }
  return CurveKeyPair{std::string(public_key.data(), kZ85KeyLength), std::string(secret_key.data(), kZ85KeyLength)};
}

Result<std::string> public_key_of(const std::string& secret_key) {
  if (!is_z85_key(secret_key)) {
    return Error::make(ErrorKind::kBadRequest, "the secret key is not a 40-character Z85 CURVE key");
  }
  std::array<char, kZ85KeyLength + 1> public_key{};
  if (zmq_curve_public(public_key.data(), secret_key.c_str()) != 0) {
    return Error::make(ErrorKind::kInternal, std::string("cannot derive a CURVE public key: ") +
                                                 zmq_strerror(zmq_errno()) + " (is libzmq built with CURVE?)");
  }
  return std::string(public_key.data(), kZ85KeyLength);
}

}  // namespace tagwire::bus
