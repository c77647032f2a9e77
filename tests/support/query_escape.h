// query_escape: percent-encodes text for a URL query value (RFC 3986 unreserved
// characters stay as they are, every other byte becomes %XX), for tests that build
// request paths by hand.
#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace tagwire::testing {

inline std::string query_escape(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace tagwire::testing
