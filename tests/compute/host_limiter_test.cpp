// Per-host in-flight limits.
#include <catch2/catch.hpp>

#include "tagwire/compute/host_limiter.h"

using namespace tagwire::compute;

TEST_CASE("a host gets at most its limit of slots", "[limiter]") {
  HostLimiter limiter(2);
  CHECK(limiter.try_acquire("example.org"));
  CHECK(limiter.try_acquire("example.org"));
  CHECK_FALSE(limiter.try_acquire("example.org"));
  CHECK(limiter.in_flight("example.org") == 2);
}

TEST_CASE("a released slot can be taken again", "[limiter]") {
  HostLimiter limiter(1);
  REQUIRE(limiter.try_acquire("example.org"));
  REQUIRE_FALSE(limiter.try_acquire("example.org"));
  limiter.release("example.org");
  CHECK(limiter.in_flight("example.org") == 0);
  CHECK(limiter.try_acquire("example.org"));
}

TEST_CASE("hosts are limited independently", "[limiter]") {
  HostLimiter limiter(1);
  REQUIRE(limiter.try_acquire("a.example"));
  CHECK(limiter.try_acquire("b.example"));
  CHECK(limiter.in_flight("b.example") == 1);
}

TEST_CASE("host names are compared without case", "[limiter]") {
  HostLimiter limiter(1);
  REQUIRE(limiter.try_acquire("Example.ORG"));
  CHECK_FALSE(limiter.try_acquire("example.org"));
  limiter.release("EXAMPLE.org");
  CHECK(limiter.try_acquire("example.org"));
}
