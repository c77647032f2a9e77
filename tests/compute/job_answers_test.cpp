// The deadline answer of a fetched page whose budget ran out before the engine.
#include <catch2/catch.hpp>

#include <chrono>

#include "service/job_answers.h"

using namespace tagwire;
using namespace tagwire::compute;
using namespace std::chrono_literals;

namespace {
const std::chrono::steady_clock::time_point kFetched{std::chrono::hours(1)};
}  // namespace

TEST_CASE("a page whose deadline has not come may enter the engine", "[worker][deadline]") {
  CHECK_FALSE(budget_spent_before_engine("http://a.example/", kFetched, kFetched + 500ms, kFetched + 499ms));
}

TEST_CASE("a page whose deadline passed while it waited for a CPU thread is answered deadline",
          "[worker][deadline]") {
  const auto at_deadline = budget_spent_before_engine("http://a.example/", kFetched, kFetched + 500ms, kFetched + 500ms);
  REQUIRE(at_deadline);
  CHECK(at_deadline->kind == ErrorKind::kDeadline);
  const auto late = budget_spent_before_engine("http://a.example/", kFetched, kFetched + 500ms, kFetched + 1200ms);
  REQUIRE(late);
  CHECK(late->kind == ErrorKind::kDeadline);
  CHECK_THAT(late->message, Catch::Contains("http://a.example/"));
  CHECK_THAT(late->message, Catch::Contains("1200 ms for a CPU thread"));
}
