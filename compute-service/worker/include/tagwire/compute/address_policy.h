// Which addresses the worker may connect to when fetching a page.
//
// By default every non-public range is refused: loopback, private, link-local,
// unspecified, shared (CGNAT), multicast and reserved, in IPv4 and IPv6, with
// IPv4-mapped IPv6 forms judged as their IPv4 address. IPv6 addresses that carry
// an IPv4 address are judged by the IPv4 rules too: NAT64 (64:ff9b::/96, RFC
// 6052) and 6to4 (2002::/16, RFC 3056), so 64:ff9b::a9fe:a9fe is refused as
// link-local 169.254.169.254 and 64:ff9b::808:808 is allowed. Local-use NAT64
// (64:ff9b:1::/48, RFC 8215) is refused whole. The `--allow-private`
// exceptions lift the refusal for CIDR networks, or for host names: a host name
// allows whatever address it resolves to, but only for requests whose URL host
// is that name. A network exception applies when it holds the address, or the
// IPv4 address a NAT64 or 6to4 address carries. The policy is judged on the
// address actually connected to (see fetcher.h), so DNS rebinding and
// redirects cannot bypass it.
// Thread safety: immutable after construction; const calls are safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tagwire/common/result.h"
#include "tagwire/compute/ip_network.h"

namespace tagwire::compute {

class AddressPolicy {
 public:
  // Refuses every non-public range, allows nothing extra.
  AddressPolicy() = default;

  // Each entry is a CIDR ("10.0.0.0/8"), a bare address ("127.0.0.1") or a host
  // name ("sample-site"). Fails with kBadRequest naming an entry that is none.
  static Result<AddressPolicy> with_exceptions(const std::vector<std::string>& allow_private);

  // Why connecting to `address` for a request to `url_host` is refused, or
  // nullopt when it is allowed. The reason names the rule, e.g. "address
  // 10.0.0.5 is private (10.0.0.0/8); allow it with --allow-private"; for a
  // NAT64 or 6to4 address it names the IPv4 address carried as well.
  // `url_host` is the host of the URL being fetched, without brackets.
  std::optional<std::string> refusal(const IpAddress& address, std::string_view url_host) const;

 private:
  std::vector<Cidr> allowed_networks_;
  std::vector<std::string> allowed_hosts_;  // lowercase
};

}  // namespace tagwire::compute
