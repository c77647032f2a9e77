// The refused address ranges and the --allow-private exceptions.
#include "tagwire/compute/address_policy.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

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
// at: a NAT64 gateway translates to it, a 6to4 relay tunnels to it, an
// IPv4-compatible address (RFC 4291, deprecated) was meant to be tunnelled to
// it, and a Teredo address (RFC 4380) names the IPv4 address of its Teredo
// server and the (NAT-mapped) IPv4 address relays deliver to. Unlike a mapped
// address the socket really is IPv6, so the address is not unwrapped when
// read; the policy judges each IPv4 address it carries by the IPv4 rows. A
// prefix carrying two addresses has one row per address, and the IPv6 address
// is refused when either is.
struct V4Carrier {
  const char* network;
  const char* name;
  std::size_t v4_offset;  // byte offset of the IPv4 address inside the IPv6 one
  std::uint8_t xor_mask;  // applied to each byte: Teredo inverts the client address
};

// ::/96 also holds :: and ::1; their own rows in kRefusedRanges match first, so
// they are never read as 0.0.0.0 and 0.0.0.1.
constexpr V4Carrier kV4Carriers[] = {
    {"64:ff9b::/96", "NAT64", 12, 0x00},      // RFC 6052 well-known prefix: bits 96..127
    {"2002::/16", "6to4", 2, 0x00},           // RFC 3056: bits 16..47
    {"::/96", "IPv4-compatible", 12, 0x00},   // RFC 4291 2.5.5.1: bits 96..127
    {"2001::/32", "Teredo server", 4, 0x00},  // RFC 4380 section 4: bits 32..63
    {"2001::/32", "Teredo client", 12, 0xff}, // RFC 4380 section 4: bits 96..127, inverted
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

IpAddress read_v4(const IpAddress& address, const V4Carrier& carrier) {
  IpAddress v4;
  v4.family = IpAddress::Family::kV4;
  for (std::size_t i = 0; i < 4; ++i) {
    v4.bytes[i] = static_cast<std::uint8_t>(address.bytes[carrier.v4_offset + i] ^ carrier.xor_mask);
  }
  return v4;
}

// Every IPv4 address `address` carries, in kV4Carriers order; empty for most.
std::vector<CarriedV4> carried_v4s(const IpAddress& address) {
  static const std::vector<Cidr> carrier_networks = [] {
    std::vector<Cidr> out;
    for (const auto& carrier : kV4Carriers) out.push_back(parse_cidr(carrier.network).value());
    return out;
  }();
  std::vector<CarriedV4> out;
  for (std::size_t i = 0; i < carrier_networks.size(); ++i) {
    if (!carrier_networks[i].contains(address)) continue;
    out.push_back({read_v4(address, kV4Carriers[i]), &kV4Carriers[i]});
  }
  return out;
}

bool any_contains(const std::vector<Cidr>& networks, const IpAddress& address) {
  return std::any_of(networks.begin(), networks.end(),
                     [&](const Cidr& network) { return network.contains(address); });
}

std::string refusal_reason(const IpAddress& address, const CarriedV4* carried, const RefusedRange& rule) {
  std::string reason = "address " + to_string(address);
  if (carried != nullptr) {
    reason += " carries " + to_string(carried->v4) + " (" + carried->carrier->name + ", " +
              carried->carrier->network + "), which";
  }
  return reason + " is " + rule.kind + " (" + rule.network + "); allow it with --allow-private";
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
// an exception for the IPv6 address lifts the refusal whole, one for a carried
// IPv4 address lifts it for that address (as an IPv4 exception lifts it for the
// mapped form of its addresses), so a Teredo address carrying two refused IPv4
// addresses needs an exception for each.
std::optional<std::string> AddressPolicy::refusal(const IpAddress& address,
                                                  std::string_view url_host) const {
  const bool allowed_host =
      std::find(allowed_hosts_.begin(), allowed_hosts_.end(), lowercase(url_host)) != allowed_hosts_.end();
  if (allowed_host || any_contains(allowed_networks_, address)) return std::nullopt;

  if (const ParsedRange* refused = refused_range_of(address)) {
    return refusal_reason(address, nullptr, *refused->source);
  }
  for (const CarriedV4& carried : carried_v4s(address)) {
    const ParsedRange* refused = refused_range_of(carried.v4);
    if (refused != nullptr && !any_contains(allowed_networks_, carried.v4)) {
      return refusal_reason(address, &carried, *refused->source);
    }
  }
  return std::nullopt;
}

}  // namespace tagwire::compute
