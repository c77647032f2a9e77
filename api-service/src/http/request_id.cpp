// Request ids: validating a client's X-Request-Id, or making one.
#include "tagwire/api/http_request_id.h"

#include <cstdint>
#include <random>

namespace tagwire::api {
namespace {

bool is_id_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == ':' || c == '-';
}

}  // namespace

bool is_acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (char c : id) {
    if (!is_id_character(c)) return false;
  }
  return true;
}

std::string make_request_id() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(32);
  for (int half = 0; half < 2; ++half) {
    uint64_t bits = generator();
    for (int i = 0; i < 16; ++i) {
      id += kHex[bits & 0x0F];
      bits >>= 4;
    }
  }
  return id;
}

std::string request_id_for(std::string_view incoming) {
  return is_acceptable_request_id(incoming) ? std::string(incoming) : make_request_id();
}

}  // namespace tagwire::api
