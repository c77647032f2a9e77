// LogBudget, driven with a fake clock.
#include "tagwire/common/log_budget.h"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using tagwire::LogBudget;

TEST_CASE("a log budget admits its lines per interval and reports the events left out", "[log]") {
  LogBudget budget(2, 1000ms);
  const auto t0 = LogBudget::Clock::time_point{} + 100s;
  CHECK(budget.admit(t0) == std::optional<std::uint64_t>{0});
  CHECK(budget.admit(t0 + 1ms) == std::optional<std::uint64_t>{0});
  for (int i = 0; i < 5; ++i) CHECK_FALSE(budget.admit(t0 + 500ms).has_value());
  // A new interval: the first line says five were left out, the next none.
  CHECK(budget.admit(t0 + 1000ms) == std::optional<std::uint64_t>{5});
  CHECK(budget.admit(t0 + 1001ms) == std::optional<std::uint64_t>{0});
  CHECK_FALSE(budget.admit(t0 + 1002ms).has_value());
  CHECK(budget.admit(t0 + 5s) == std::optional<std::uint64_t>{1});
}
