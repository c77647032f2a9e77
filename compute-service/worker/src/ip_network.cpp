// IP address and CIDR parsing and matching on top of inet_pton/inet_ntop.
#include "tagwire/compute/ip_network.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <charconv>
#include <cstring>

namespace tagwire::compute {
namespace {

constexpr std::array<std::uint8_t, 12> kMappedV4Prefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

// ::ffff:a.b.c.d is the IPv4 host a.b.c.d reached over an IPv6 socket; treating
// it as IPv4 keeps one rule per range.
IpAddress unwrap_mapped_v4(const IpAddress& address) {
  if (address.family != IpAddress::Family::kV6 ||
      std::memcmp(address.bytes.data(), kMappedV4Prefix.data(), kMappedV4Prefix.size()) != 0) {
    return address;
  }
  IpAddress v4;
  v4.family = IpAddress::Family::kV4;
  std::memcpy(v4.bytes.data(), address.bytes.data() + 12, 4);
  return v4;
}

IpAddress clear_host_bits(IpAddress address, int prefix_length) {
  for (int bit = prefix_length; bit < address.bit_count(); ++bit) {
    address.bytes[bit / 8] &= static_cast<std::uint8_t>(~(0x80u >> (bit % 8)));
  }
  return address;
}

Error not_a_network(std::string_view text) {
  return Error::make(ErrorKind::kBadRequest,
                     "'" + std::string(text) + "' is not an IP address or CIDR network");
}

}  // namespace

std::optional<IpAddress> parse_ip(std::string_view text) {
  std::string zero_terminated(text);
  IpAddress address;
  if (inet_pton(AF_INET, zero_terminated.c_str(), address.bytes.data()) == 1) {
    address.family = IpAddress::Family::kV4;
    return address;
  }
  if (inet_pton(AF_INET6, zero_terminated.c_str(), address.bytes.data()) == 1) {
    address.family = IpAddress::Family::kV6;
    return unwrap_mapped_v4(address);
  }
  return std::nullopt;
}

std::optional<IpAddress> ip_from_sockaddr(const sockaddr* address) {
  if (address == nullptr) return std::nullopt;
  IpAddress ip;
  if (address->sa_family == AF_INET) {
    sockaddr_in v4;
    std::memcpy(&v4, address, sizeof v4);
    ip.family = IpAddress::Family::kV4;
    std::memcpy(ip.bytes.data(), &v4.sin_addr, 4);
    return ip;
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 v6;
    std::memcpy(&v6, address, sizeof v6);
    ip.family = IpAddress::Family::kV6;
    std::memcpy(ip.bytes.data(), &v6.sin6_addr, 16);
    return unwrap_mapped_v4(ip);
  }
  return std::nullopt;
}

std::string to_string(const IpAddress& address) {
  char text[INET6_ADDRSTRLEN] = {};
  const int family = address.family == IpAddress::Family::kV4 ? AF_INET : AF_INET6;
  inet_ntop(family, address.bytes.data(), text, sizeof text);
  return text;
}

bool Cidr::contains(const IpAddress& address) const {
  const IpAddress candidate = unwrap_mapped_v4(address);
  if (candidate.family != network.family) return false;
  return clear_host_bits(candidate, prefix_length) == network;
}

Result<Cidr> parse_cidr(std::string_view text) {
  const auto slash = text.find('/');
  const auto address = parse_ip(text.substr(0, slash));
  if (!address) return not_a_network(text);
  int prefix_length = address->bit_count();
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    const auto [end, failure] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix_length);
    if (digits.empty() || failure != std::errc{} || end != digits.data() + digits.size() ||
        prefix_length < 0 || prefix_length > address->bit_count()) {
      return not_a_network(text);
    }
  }
  return Cidr{clear_host_bits(*address, prefix_length), prefix_length};
}

std::string to_string(const Cidr& network) {
  return to_string(network.network) + "/" + std::to_string(network.prefix_length);
}

}  // namespace tagwire::compute
