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
// the IPv4 rows also cover ::ffff:0:0/96.
constexpr RefusedRange kRefusedRanges[] = {
    {"0.0.0.0/8", "unspecified"},        {"10.0.0.0/8", "private"},
    {"100.64.0.0/10", "shared (CGNAT)"}, {"127.0.0.0/8", "loopback"},
    {"169.254.0.0/16", "link-local"},    {"172.16.0.0/12", "private"},
    {"192.168.0.0/16", "private"},       {"224.0.0.0/4", "multicast"},
    {"240.0.0.0/4", "reserved"},         {"::/128", "unspecified"},
    {"::1/128", "loopback"},             {"fc00::/7", "private"},
    {"fe80::/10", "link-local"},         {"ff00::/8", "multicast"},
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

std::optional<std::string> AddressPolicy::refusal(const IpAddress& address,
                                                  std::string_view url_host) const {
  for (const auto& [network, range] : refused_networks()) {
    if (!network.contains(address)) continue;
    const bool allowed_network = std::any_of(allowed_networks_.begin(), allowed_networks_.end(),
                                             [&](const Cidr& allowed) { return allowed.contains(address); });
    const bool allowed_host = std::find(allowed_hosts_.begin(), allowed_hosts_.end(),
                                        lowercase(url_host)) != allowed_hosts_.end();
    if (allowed_network || allowed_host) return std::nullopt;
    return "address " + to_string(address) + " is " + range->kind + " (" + range->network +
           "); allow it with --allow-private";
  }
  return std::nullopt;
}

}  // namespace tagwire::compute
