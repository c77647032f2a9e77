// wait_until: polls a condition until it holds or a timeout passes, for tests
// that wait on another thread or process that has no way to tell them.
//
// Returns true as soon as `condition()` is true; false when it is still false
// at a check made after the deadline, so a condition that turns true just as
// time runs out is not missed. Sleeps `interval` between checks; a condition
// that costs a request (an HTTP counter read) deserves a longer interval.
// `condition` runs on the calling thread and may be called many times.
#pragma once

#include <chrono>
#include <thread>

namespace tagwire::testing {

template <typename Condition>
bool wait_until(Condition&& condition, std::chrono::milliseconds timeout = std::chrono::seconds(5),
                std::chrono::milliseconds interval = std::chrono::milliseconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    // The clock is read before the check, so the last check starts after the deadline.
    const bool past_deadline = std::chrono::steady_clock::now() >= deadline;
    if (condition()) return true;
    if (past_deadline) return false;
    std::this_thread::sleep_for(interval);
  }
}

}  // namespace tagwire::testing
