// HttpCounters: answers sent, by HTTP status, since the server started.
//
// Thread safety: record() and the readers may run on any thread at once
// (one relaxed atomic per status).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>

namespace tagwire::api {

class HttpCounters {
 public:
  // Counts one answer; statuses outside 100..599 are counted as 0 ("other").
  void record(int status);

  // Non-zero counts, keyed by status.
  std::map<int, std::uint64_t> by_status() const;

  std::uint64_t total() const;

 private:
  static constexpr int kLowest = 100;
  static constexpr int kHighest = 599;
  std::array<std::atomic<std::uint64_t>, kHighest - kLowest + 2> counts_{};
};

}  // namespace tagwire::api
