// Latency histograms with Prometheus' cumulative buckets, in seconds.
//
// Every histogram of the project uses the same bucket bounds (1 ms to 30 s),
// so dashboards can compare them and a snapshot is a fixed-size value.
// Histogram is a plain value (one owner, no locking); AtomicHistogram may be
// observed from any number of threads at once and read with snapshot(), which
// is exact per bucket but not one instant across buckets (relaxed atomics).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace tagwire {

// Upper bounds of the finite buckets, in seconds; a last bucket (+Inf) follows.
inline constexpr std::array<double, 14> kHistogramBounds{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                         0.25,  0.5,    1.0,   2.5,  5.0,   10.0, 30.0};

// Index of the bucket that counts `seconds`: the first bound >= seconds, or
// kHistogramBounds.size() for +Inf. Negative values count in the first bucket.
std::size_t histogram_bucket(double seconds);

struct Histogram {
  std::array<std::uint64_t, kHistogramBounds.size() + 1> counts{};  // per bucket, not cumulative
  std::uint64_t count = 0;
  double sum_seconds = 0;

  void observe(double seconds);
  void observe(std::chrono::steady_clock::duration elapsed) {
    observe(std::chrono::duration<double>(elapsed).count());
  }
};

class AtomicHistogram {
 public:
  void observe(double seconds);
  void observe(std::chrono::steady_clock::duration elapsed) {
    observe(std::chrono::duration<double>(elapsed).count());
  }
  Histogram snapshot() const;

 private:
  std::array<std::atomic<std::uint64_t>, kHistogramBounds.size() + 1> counts_{};
  std::atomic<std::uint64_t> sum_nanoseconds_{0};
};

}  // namespace tagwire
