// The address policy as the fetcher applies it, on real connections.
#include <catch2/catch.hpp>

#include "fetch_support.h"
#include "test_site.h"

using namespace tagwire;
using namespace tagwire::compute;
using namespace tagwire::compute::testing;

TEST_CASE("a loopback target is refused without an exception", "[policy][integration]") {
  TestSite site;
  auto fetcher = start_fetcher(FetchConfig{});
  const auto result = fetch_now(*fetcher, site.url("/page"));
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == ErrorKind::kBlockedAddress);
  CHECK_THAT(result.error().message,
             Catch::Contains("address 127.0.0.1 is loopback (127.0.0.0/8); allow it with --allow-private"));
  CHECK_THAT(result.error().message, Catch::Contains(site.url("/page")));
}

TEST_CASE("a redirect from an allowed address to a refused one is blocked", "[policy][integration]") {
  TestSite other("127.0.0.2");
  TestSite site("127.0.0.1", other.url("/page"));
  auto fetcher = start_fetcher(loopback_config());  // allows 127.0.0.1/32 only
  REQUIRE(fetch_now(*fetcher, other.url("/page")).error().kind == ErrorKind::kBlockedAddress);
  const auto result = fetch_now(*fetcher, site.url("/elsewhere"));
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == ErrorKind::kBlockedAddress);
  CHECK_THAT(result.error().message, Catch::Contains("address 127.0.0.2 is loopback"));
  CHECK_THAT(result.error().message, Catch::Contains("redirected to " + other.url("/page")));
}

TEST_CASE("the same redirect succeeds when both addresses are allowed", "[policy][integration]") {
  TestSite other("127.0.0.2");
  TestSite site("127.0.0.1", other.url("/page"));
  FetchConfig config;
  config.allow_private = {"127.0.0.0/30"};
  auto fetcher = start_fetcher(config);
  const auto result = fetch_now(*fetcher, site.url("/elsewhere"));
  REQUIRE(result.ok());
  CHECK(result->final_url == other.url("/page"));
}

TEST_CASE("a host-name exception allows what that host resolves to", "[policy][integration]") {
  TestSite site;
  FetchConfig config;
  config.allow_private = {"localhost"};
  auto fetcher = start_fetcher(config);
  const auto result = fetch_now(*fetcher, "http://localhost:" + std::to_string(site.port()) + "/page");
  REQUIRE(result.ok());
  CHECK(result->body == kPage);
  // The same address under its own name is not the allowed host.
  const auto by_address = fetch_now(*fetcher, site.url("/page"));
  REQUIRE_FALSE(by_address.ok());
  CHECK(by_address.error().kind == ErrorKind::kBlockedAddress);
}

TEST_CASE("a host-name exception does not follow a redirect to another host", "[policy][integration]") {
  TestSite other("127.0.0.2");
  TestSite site("127.0.0.1", other.url("/page"));
  FetchConfig config;
  config.allow_private = {"localhost"};
  auto fetcher = start_fetcher(config);
  const auto result = fetch_now(*fetcher, "http://localhost:" + std::to_string(site.port()) + "/elsewhere");
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == ErrorKind::kBlockedAddress);
  CHECK_THAT(result.error().message, Catch::Contains("address 127.0.0.2 is loopback"));
}

TEST_CASE("an allow-private entry that is neither a network nor a host name is refused", "[policy]") {
  FetchConfig config;
  config.allow_private = {"10.0.0.0/33"};
  const auto fetcher = Fetcher::start(config);
  REQUIRE_FALSE(fetcher.ok());
  CHECK(fetcher.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(fetcher.error().message, Catch::Contains("10.0.0.0/33"));
}
