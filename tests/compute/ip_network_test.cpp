// IP address and CIDR parsing and matching.
#include <catch2/catch.hpp>

#include "tagwire/compute/ip_network.h"

using namespace tagwire;
using namespace tagwire::compute;

namespace {
IpAddress ip(const char* text) { return parse_ip(text).value(); }
Cidr cidr(const char* text) { return parse_cidr(text).value(); }
}  // namespace

TEST_CASE("IPv4 and IPv6 addresses parse and print back", "[policy]") {
  CHECK(to_string(ip("10.0.0.5")) == "10.0.0.5");
  CHECK(ip("10.0.0.5").family == IpAddress::Family::kV4);
  CHECK(to_string(ip("fe80::1")) == "fe80::1");
  CHECK(ip("::1").family == IpAddress::Family::kV6);
}

TEST_CASE("text that is not an address does not parse", "[policy]") {
  CHECK_FALSE(parse_ip("example.org"));
  CHECK_FALSE(parse_ip("10.0.0.256"));
  CHECK_FALSE(parse_ip("[::1]"));
  CHECK_FALSE(parse_ip(""));
}

TEST_CASE("an IPv4-mapped IPv6 address reads as its IPv4 address", "[policy]") {
  CHECK(ip("::ffff:10.0.0.5") == ip("10.0.0.5"));
  CHECK(cidr("10.0.0.0/8").contains(ip("::ffff:10.1.2.3")));
}

TEST_CASE("a network contains exactly the addresses under its prefix", "[policy]") {
  const Cidr network = cidr("172.16.0.0/12");
  CHECK(network.contains(ip("172.16.0.0")));
  CHECK(network.contains(ip("172.31.255.255")));
  CHECK_FALSE(network.contains(ip("172.32.0.0")));
  CHECK_FALSE(network.contains(ip("172.15.255.255")));
  const Cidr v6 = cidr("fc00::/7");
  CHECK(v6.contains(ip("fd12:3456::1")));
  CHECK_FALSE(v6.contains(ip("fe00::1")));
}

TEST_CASE("an IPv4 network never contains an IPv6 address", "[policy]") {
  CHECK_FALSE(cidr("0.0.0.0/0").contains(ip("::1")));
  CHECK(cidr("0.0.0.0/0").contains(ip("203.0.113.9")));
}

TEST_CASE("a bare address is a single-host network", "[policy]") {
  CHECK(cidr("127.0.0.1") == cidr("127.0.0.1/32"));
  CHECK(cidr("127.0.0.1").contains(ip("127.0.0.1")));
  CHECK_FALSE(cidr("127.0.0.1").contains(ip("127.0.0.2")));
  CHECK(cidr("::1").prefix_length == 128);
}

TEST_CASE("host bits below the prefix are cleared", "[policy]") {
  CHECK(to_string(cidr("10.1.2.3/8")) == "10.0.0.0/8");
  CHECK(to_string(cidr("fe80::1234/10")) == "fe80::/10");
}

TEST_CASE("a malformed network is a bad request naming the text", "[policy]") {
  for (const char* text : {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "::/129", "host/8", "10.0.0.0/8/8"}) {
    const auto parsed = parse_cidr(text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().kind == ErrorKind::kBadRequest);
    CHECK_THAT(parsed.error().message, Catch::Contains(text));
  }
}
