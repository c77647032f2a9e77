// The default refusals and the --allow-private exceptions.
#include <catch2/catch.hpp>

#include "tagwire/compute/address_policy.h"

using namespace tagwire;
using namespace tagwire::compute;

namespace {
IpAddress ip(const char* text) { return parse_ip(text).value(); }
AddressPolicy allowing(std::vector<std::string> entries) {
  return AddressPolicy::with_exceptions(entries).value();
}
}  // namespace

TEST_CASE("every non-public range is refused by default, naming its rule", "[policy]") {
  const AddressPolicy policy;
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"127.0.0.1", "loopback (127.0.0.0/8)"},     {"::1", "loopback (::1/128)"},
      {"10.0.0.5", "private (10.0.0.0/8)"},        {"172.20.1.1", "private (172.16.0.0/12)"},
      {"192.168.1.1", "private (192.168.0.0/16)"}, {"fd00::1", "private (fc00::/7)"},
      {"169.254.169.254", "link-local (169.254.0.0/16)"}, {"fe80::1", "link-local (fe80::/10)"},
      {"0.0.0.0", "unspecified (0.0.0.0/8)"},      {"::", "unspecified (::/128)"},
      {"100.64.0.1", "shared (CGNAT) (100.64.0.0/10)"}, {"224.0.0.1", "multicast (224.0.0.0/4)"},
      {"ff02::1", "multicast (ff00::/8)"},         {"255.255.255.255", "reserved (240.0.0.0/4)"},
      {"::ffff:127.0.0.1", "loopback (127.0.0.0/8)"}, {"::ffff:192.168.0.1", "private (192.168.0.0/16)"},
  };
  for (const auto& [address, rule] : cases) {
    const auto reason = policy.refusal(ip(address), "example.org");
    INFO(address);
    REQUIRE(reason);
    CHECK_THAT(*reason, Catch::Contains(rule) && Catch::EndsWith("allow it with --allow-private"));
  }
}

TEST_CASE("the refusal message names the address and the rule", "[policy]") {
  CHECK(AddressPolicy{}.refusal(ip("10.0.0.5"), "intranet").value() ==
        "address 10.0.0.5 is private (10.0.0.0/8); allow it with --allow-private");
}

TEST_CASE("public addresses are allowed", "[policy]") {
  const AddressPolicy policy;
  for (const char* address : {"93.184.216.34", "8.8.8.8", "100.128.0.1", "172.32.0.1", "2606:2800:220:1::1"}) {
    INFO(address);
    CHECK_FALSE(policy.refusal(ip(address), "example.org"));
  }
}

TEST_CASE("a CIDR exception allows its network and nothing more", "[policy]") {
  const auto policy = allowing({"10.1.0.0/16", "::1"});
  CHECK_FALSE(policy.refusal(ip("10.1.200.3"), "any"));
  CHECK_FALSE(policy.refusal(ip("::1"), "any"));
  CHECK(policy.refusal(ip("10.2.0.1"), "any"));
  CHECK(policy.refusal(ip("127.0.0.1"), "any"));
}

TEST_CASE("a host-name exception allows any address only for that host", "[policy]") {
  const auto policy = allowing({"Sample-Site"});
  CHECK_FALSE(policy.refusal(ip("172.18.0.4"), "sample-site"));
  CHECK_FALSE(policy.refusal(ip("127.0.0.1"), "SAMPLE-SITE"));
  CHECK(policy.refusal(ip("172.18.0.4"), "other-site"));
}

TEST_CASE("an exception entry that is not a network is a bad request", "[policy]") {
  const auto policy = AddressPolicy::with_exceptions({"10.0.0.0/8", "300.1.2.3"});
  REQUIRE_FALSE(policy.ok());
  CHECK(policy.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(policy.error().message, Catch::Contains("300.1.2.3"));
}

TEST_CASE("the IPv4 address inside a NAT64 or 6to4 address is judged by the IPv4 rules", "[policy]") {
  const AddressPolicy policy;
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"64:ff9b::a9fe:a9fe", "169.254.169.254 (NAT64, 64:ff9b::/96), which is link-local (169.254.0.0/16)"},
      {"64:ff9b::7f00:1", "127.0.0.1 (NAT64, 64:ff9b::/96), which is loopback (127.0.0.0/8)"},
      {"64:ff9b::a00:5", "10.0.0.5 (NAT64, 64:ff9b::/96), which is private (10.0.0.0/8)"},
      {"2002:a9fe:a9fe::", "169.254.169.254 (6to4, 2002::/16), which is link-local (169.254.0.0/16)"},
      {"2002:c0a8:0101::", "192.168.1.1 (6to4, 2002::/16), which is private (192.168.0.0/16)"},
      {"2002:7f00:1:5::1", "127.0.0.1 (6to4, 2002::/16), which is loopback (127.0.0.0/8)"},
  };
  for (const auto& [address, rule] : cases) {
    const auto reason = policy.refusal(ip(address), "example.org");
    INFO(address);
    REQUIRE(reason);
    CHECK_THAT(*reason, Catch::Contains(rule) && Catch::EndsWith("allow it with --allow-private"));
  }
}

TEST_CASE("a NAT64 refusal names the IPv6 address, the IPv4 address it carries and the rule", "[policy]") {
  CHECK(AddressPolicy{}.refusal(ip("64:ff9b::a9fe:a9fe"), "example.org").value() ==
        "address 64:ff9b::a9fe:a9fe carries 169.254.169.254 (NAT64, 64:ff9b::/96), which is link-local "
        "(169.254.0.0/16); allow it with --allow-private");
}

TEST_CASE("NAT64 and 6to4 addresses carrying a public IPv4 address are allowed", "[policy]") {
  const AddressPolicy policy;
  for (const char* address : {"64:ff9b::8.8.8.8", "64:ff9b::5db8:d822", "2002:808:808::1", "2002:5db8:d822:1::1"}) {
    INFO(address);
    CHECK_FALSE(policy.refusal(ip(address), "example.org"));
  }
}

TEST_CASE("local-use NAT64 is refused whatever it carries", "[policy]") {
  const AddressPolicy policy;
  for (const char* address : {"64:ff9b:1::a9fe:a9fe", "64:ff9b:1::808:808", "64:ff9b:1:ffff::1"}) {
    const auto reason = policy.refusal(ip(address), "example.org");
    INFO(address);
    REQUIRE(reason);
    CHECK_THAT(*reason, Catch::Contains("local-use NAT64 (64:ff9b:1::/48)"));
  }
}

TEST_CASE("an exception for the carried IPv4 address or for the IPv6 one allows a NAT64 or 6to4 address",
          "[policy]") {
  CHECK_FALSE(allowing({"169.254.169.254"}).refusal(ip("64:ff9b::a9fe:a9fe"), "any"));
  CHECK_FALSE(allowing({"192.168.0.0/16"}).refusal(ip("2002:c0a8:101::1"), "any"));
  CHECK_FALSE(allowing({"64:ff9b::/96"}).refusal(ip("64:ff9b::7f00:1"), "any"));
  CHECK_FALSE(allowing({"2002:c0a8:101::/48"}).refusal(ip("2002:c0a8:101::1"), "any"));
  CHECK_FALSE(allowing({"64:ff9b:1::/48"}).refusal(ip("64:ff9b:1::a00:5"), "any"));
  CHECK_FALSE(allowing({"metadata"}).refusal(ip("64:ff9b::a9fe:a9fe"), "metadata"));
  CHECK(allowing({"10.0.0.0/8"}).refusal(ip("64:ff9b::a9fe:a9fe"), "any"));
  CHECK(allowing({"metadata"}).refusal(ip("2002:a9fe:a9fe::"), "other"));
}

TEST_CASE("the IPv4 address inside an IPv4-compatible address is judged by the IPv4 rules", "[policy]") {
  const AddressPolicy policy;
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"::169.254.169.254", "169.254.169.254 (IPv4-compatible, ::/96), which is link-local (169.254.0.0/16)"},
      {"::7f00:1", "127.0.0.1 (IPv4-compatible, ::/96), which is loopback (127.0.0.0/8)"},
      {"::a00:5", "10.0.0.5 (IPv4-compatible, ::/96), which is private (10.0.0.0/8)"},
      {"::2", "0.0.0.2 (IPv4-compatible, ::/96), which is unspecified (0.0.0.0/8)"},
  };
  for (const auto& [address, rule] : cases) {
    const auto reason = policy.refusal(ip(address), "example.org");
    INFO(address);
    REQUIRE(reason);
    CHECK_THAT(*reason, Catch::Contains(rule) && Catch::EndsWith("allow it with --allow-private"));
  }
}

TEST_CASE(":: and ::1 keep their own rules rather than being read as IPv4-compatible", "[policy]") {
  CHECK(AddressPolicy{}.refusal(ip("::"), "example.org").value() ==
        "address :: is unspecified (::/128); allow it with --allow-private");
  CHECK(AddressPolicy{}.refusal(ip("::1"), "example.org").value() ==
        "address ::1 is loopback (::1/128); allow it with --allow-private");
  CHECK(allowing({"127.0.0.1"}).refusal(ip("::1"), "any"));
}

// Teredo (RFC 4380): 2001:0:SSSS:SSSS:flags:port:CCCC:CCCC, the server IPv4
// address S in the clear and the client's C with every bit inverted. The RFC's
// own example, 2001:0:4136:e378:8000:63bf:3fff:fdd2, is server 65.54.227.120
// and client 192.0.2.45.
TEST_CASE("a Teredo address is refused when its server or its client IPv4 address is", "[policy]") {
  const AddressPolicy policy;
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"2001:0:4136:e378:8000:63bf:f5ff:fffa", "10.0.0.5 (Teredo client, 2001::/32), which is private (10.0.0.0/8)"},
      {"2001:0:4136:e378::5601:5601",
       "169.254.169.254 (Teredo client, 2001::/32), which is link-local (169.254.0.0/16)"},
      {"2001:0:7f00:1:8000:63bf:3fff:fdd2", "127.0.0.1 (Teredo server, 2001::/32), which is loopback (127.0.0.0/8)"},
      {"2001:0:c0a8:101:8000:63bf:3fff:fdd2",
       "192.168.1.1 (Teredo server, 2001::/32), which is private (192.168.0.0/16)"},
  };
  for (const auto& [address, rule] : cases) {
    const auto reason = policy.refusal(ip(address), "example.org");
    INFO(address);
    REQUIRE(reason);
    CHECK_THAT(*reason, Catch::Contains(rule) && Catch::EndsWith("allow it with --allow-private"));
  }
}

TEST_CASE("a Teredo refusal names the IPv6 address, the IPv4 address it carries and the rule", "[policy]") {
  CHECK(AddressPolicy{}.refusal(ip("2001:0:4136:e378:8000:63bf:f5ff:fffa"), "example.org").value() ==
        "address 2001:0:4136:e378:8000:63bf:f5ff:fffa carries 10.0.0.5 (Teredo client, 2001::/32), which is "
        "private (10.0.0.0/8); allow it with --allow-private");
}

TEST_CASE("IPv4-compatible and Teredo addresses carrying only public IPv4 addresses are allowed", "[policy]") {
  const AddressPolicy policy;
  for (const char* address : {"::8.8.8.8", "::5db8:d822", "2001:0:4136:e378:8000:63bf:3fff:fdd2",
                              "2001:0:4136:e378:8000:63bf:f7f7:f7f7"}) {
    INFO(address);
    CHECK_FALSE(policy.refusal(ip(address), "example.org"));
  }
}

TEST_CASE("an exception for a carried IPv4 address or for the IPv6 one allows an IPv4-compatible or Teredo address",
          "[policy]") {
  CHECK_FALSE(allowing({"169.254.169.254"}).refusal(ip("::169.254.169.254"), "any"));
  CHECK_FALSE(allowing({"::/96"}).refusal(ip("::7f00:1"), "any"));
  CHECK_FALSE(allowing({"10.0.0.0/8"}).refusal(ip("2001:0:4136:e378:8000:63bf:f5ff:fffa"), "any"));
  CHECK_FALSE(allowing({"127.0.0.1"}).refusal(ip("2001:0:7f00:1:8000:63bf:3fff:fdd2"), "any"));
  CHECK_FALSE(allowing({"2001::/32"}).refusal(ip("2001:0:7f00:1:8000:63bf:f5ff:fffa"), "any"));
  CHECK_FALSE(allowing({"metadata"}).refusal(ip("2001:0:4136:e378::5601:5601"), "metadata"));
  CHECK(allowing({"10.0.0.0/8"}).refusal(ip("::169.254.169.254"), "any"));
  CHECK(allowing({"metadata"}).refusal(ip("2001:0:4136:e378::5601:5601"), "other"));
}

TEST_CASE("a Teredo address carrying two refused IPv4 addresses needs an exception for each", "[policy]") {
  // Server 127.0.0.1, client 10.0.0.5.
  const auto both_refused = ip("2001:0:7f00:1:8000:63bf:f5ff:fffa");
  CHECK_THAT(allowing({"10.0.0.0/8"}).refusal(both_refused, "any").value(),
             Catch::Contains("127.0.0.1 (Teredo server, 2001::/32), which is loopback"));
  CHECK_THAT(allowing({"127.0.0.1"}).refusal(both_refused, "any").value(),
             Catch::Contains("10.0.0.5 (Teredo client, 2001::/32), which is private"));
  CHECK_FALSE(allowing({"127.0.0.1", "10.0.0.0/8"}).refusal(both_refused, "any"));
}
