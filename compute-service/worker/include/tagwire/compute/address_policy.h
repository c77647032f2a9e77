// Which addresses the worker may connect to when fetching a page.
//
// By default every non-public range is refused: loopback, private, link-local,
// unspecified, shared (CGNAT), multicast and reserved, in IPv4 and IPv6, with
// IPv4-mapped IPv6 forms judged as their IPv4 address. IPv6 addresses that carry
// an IPv4 address are judged by the IPv4 rules too: NAT64 (64:ff9b::/96, RFC
// 6052), 6to4 (2002::/16, RFC 3056) and IPv4-compatible (::a.b.c.d in ::/96,
// RFC 4291; :: and ::1 keep their own rules), so 64:ff9b::a9fe:a9fe is refused
// as link-local 169.254.169.254 and 64:ff9b::808:808 is allowed. A Teredo
// address (2001::/32, RFC 4380) carries two: its server's IPv4 address (bits
// 32..63) and its client's (the last 32 bits, inverted); it is refused when
// either is, since a connection may reach both. Local-use NAT64
// (64:ff9b:1::/48, RFC 8215) is refused whole. The `--allow-private`
// exceptions lift the refusal for CIDR networks, or for host names: a host name
// allows whatever address it resolves to, but only for requests whose URL host
// is that name. A network exception applies when it holds the address, or an
// IPv4 address the address carries; a Teredo address carrying two refused IPv4
// addresses needs an exception for each (or one for the IPv6 address). The
// policy is judged on the address actually connected to (see fetcher.h), so
// DNS rebinding and redirects cannot bypass it.
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
  // 10.0.0.5 is private (10.0.0.0/8); allow it with --allow-private"; for an
  // address carrying IPv4 it names the refused IPv4 address carried and the
  // carrier as well ("... carries 10.0.0.5 (Teredo client, 2001::/32), which
  // is private ..."); when both Teredo addresses are refused, the server's.
  // `url_host` is the host of the URL being fetched, without brackets.
  std::optional<std::string> refusal(const IpAddress& address, std::string_view url_host) const;

 private:
  std::vector<Cidr> allowed_networks_;
  std::vector<std::string> allowed_hosts_;  // lowercase
};

}  // namespace tagwire::compute
