// IP addresses and CIDR networks: parsing, printing and membership.
//
// Pure values with no I/O. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are
// unwrapped to their IPv4 form when read, so a rule written for IPv4 also
// covers the mapped form. Thread safety: plain values.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tagwire/common/result.h"

struct sockaddr;

namespace tagwire::compute {

struct IpAddress {
  enum class Family { kV4, kV6 };
  Family family = Family::kV4;
  // Network byte order; an IPv4 address uses the first 4 bytes only.
  std::array<std::uint8_t, 16> bytes{};

  int bit_count() const { return family == Family::kV4 ? 32 : 128; }
  bool operator==(const IpAddress&) const = default;
};

// "10.0.0.5", "::1", "fe80::1" (no brackets, no zone). nullopt when not an address.
std::optional<IpAddress> parse_ip(std::string_view text);

// The address of a connected-socket address (AF_INET or AF_INET6); nullopt for
// other families.
std::optional<IpAddress> ip_from_sockaddr(const sockaddr* address);

// Dotted quad or RFC 5952 text ("10.0.0.5", "::1").
std::string to_string(const IpAddress& address);

struct Cidr {
  IpAddress network;  // host bits are zero
  int prefix_length = 0;

  bool contains(const IpAddress& address) const;
  bool operator==(const Cidr&) const = default;
};

// "10.0.0.0/8", "fc00::/7", or a bare address meaning a single host (/32, /128).
// Host bits set below the prefix are cleared ("10.1.2.3/8" is 10.0.0.0/8).
// Fails with kBadRequest naming the text when it is not a network.
Result<Cidr> parse_cidr(std::string_view text);

// "10.0.0.0/8".
std::string to_string(const Cidr& network);

}  // namespace tagwire::compute
