// The refused address ranges and the --allow-private exceptions.
#include "tagwire/compute/address_policy.h"

#include <algorithm>
#include <cctype>

namespace tagwire::compute {
namespace {

struct RefusedRange {
  const char* network;
  const char* kind;  // says why the range is not a public web server
};

// IPv4-mapped IPv6 addresses are unwrapped before matching (ip_network.h), so
// the IPv4 rows also cover ::ffff:0:0/96. Local-use NAT64 (RFC 8215) may place
// its IPv4 address at any RFC 6052 offset and translates into whatever network
// its operator runs, so no IPv4 address can be read out of it: it is refused whole.
constexpr RefusedRange kRefusedRanges[] = {
    {"0.0.0.0/8", "unspecified"},        {"10.0.0.0/8", "private"},
    {"100.64.0.0/10", "shared (CGNAT)"}, {"127.0.0.0/8", "loopback"},
    {"169.254.0.0/16", "link-local"},    {"172.16.0.0/12", "private"},
    {"192.168.0.0/16", "private"},       {"224.0.0.0/4", "multicast"},
    {"240.0.0.0/4", "reserved"},         {"::/128", "unspecified"},
    {"::1/128", "loopback"},             {"fc00::/7", "private"},
    {"fe80::/10", "link-local"},         {"ff00::/8", "multicast"},
    {"64:ff9b:1::/48", "local-use NAT64"},
};

// IPv6 prefixes whose addresses carry an IPv4 address that the packets end up
// at: a NAT64 gateway translates to it, a 6to4 relay tunnels to it. Unlike a
// mapped address the socket really is IPv6, so the address is not unwrapped
// when read; the policy judges the IPv4 address it carries by the IPv4 rows.
struct V4Carrier {
  const char* network;
  const char* name;
  std::size_t v4_offset;  // byte offset of the IPv4 address inside the IPv6 one
};

constexpr V4Carrier kV4Carriers[] = {
    {"64:ff9b::/96", "NAT64", 12},  // RFC 6052 well-known prefix: bits 96..127
    {"2002::/16", "6to4", 2},       // RFC 3056: bits 16..47
};

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

struct ParsedRange {
  Cidr network;
  const RefusedRange* source;
};

const std::vector<ParsedRange>& refused_networks() {
  static const std::vector<ParsedRange> parsed = [] {
    std::vector<ParsedRange> out;
    for (const auto& range : kRefusedRanges) out.push_back({parse_cidr(range.network).value(), &range});
    return out;
  }();
  return parsed;
}

const ParsedRange* refused_range_of(const IpAddress& address) {
  for (const auto& range : refused_networks()) {
    if (range.network.contains(address)) return &range;
  }
  return nullptr;
}

struct CarriedV4 {
  IpAddress v4;
  const V4Carrier* carrier;
};

std::optional<CarriedV4> carried_v4(const IpAddress& address) {
  static const std::vector<Cidr> carrier_networks = [] {
    std::vector<Cidr> out;
    for (const auto& carrier : kV4Carriers) out.push_back(parse_cidr(carrier.network).value());
    return out;
  }();
  for (std::size_t i = 0; i < carrier_networks.size(); ++i) {
    if (!carrier_networks[i].contains(address)) continue;
    IpAddress v4;
    v4.family = IpAddress::Family::kV4;
    std::copy_n(address.bytes.begin() + kV4Carriers[i].v4_offset, 4, v4.bytes.begin());
    return CarriedV4{v4, &kV4Carriers[i]};
  }
  return std::nullopt;
}

}  // namespace

Result<AddressPolicy> AddressPolicy::with_exceptions(const std::vector<std::string>& allow_private) {
  AddressPolicy policy;
  for (const auto& entry : allow_private) {
    if (entry.empty()) continue;
    const bool looks_like_network = entry.find_first_of(":/") != std::string::npos ||
                                    std::all_of(entry.begin(), entry.end(), [](unsigned char c) {
                                      return std::isdigit(c) || c == '.';
                                    });
    if (looks_like_network) {
      auto network = parse_cidr(entry);
      if (!network) return network.error();
      policy.allowed_networks_.push_back(*network);
    } else {
      policy.allowed_hosts_.push_back(lowercase(entry));
    }
  }
  return policy;
}

// An IPv6 address in no refused range may still carry a refused IPv4 address;
// an exception for either the IPv6 address or the IPv4 one lifts the refusal,
// as an IPv4 exception lifts it for the mapped form of its addresses.
std::optional<std::string> AddressPolicy::refusal(const IpAddress& address,
                                                  std::string_view url_host) const {
  const ParsedRange* refused = refused_range_of(address);
  std::optional<CarriedV4> carried;
  if (refused == nullptr) {
    carried = carried_v4(address);
    if (carried) refused = refused_range_of(carried->v4);
  }
  if (refused == nullptr) return std::nullopt;

  const auto excepted = [&](const IpAddress& candidate) {
    return std::any_of(allowed_networks_.begin(), allowed_networks_.end(),
                       [&](const Cidr& allowed) { return allowed.contains(candidate); });
  };
  const bool allowed_host =
      std::find(allowed_hosts_.begin(), allowed_hosts_.end(), lowercase(url_host)) != allowed_hosts_.end();
  if (allowed_host || excepted(address) || (carried && excepted(carried->v4))) return std::nullopt;

  std::string reason = "address " + to_string(address);
  if (carried) {
    reason += " carries " + to_string(carried->v4) + " (" + carried->carrier->name + ", " +
              carried->carrier->network + "), which";
  }
  return reason + " is " + refused->source->kind + " (" + refused->source->network +
         "); allow it with --allow-private";
}

}  // namespace tagwire::compute
