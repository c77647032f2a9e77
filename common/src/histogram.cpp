// Bucketing and the two histogram flavours (see histogram.h).
#include "tagwire/common/histogram.h"

#include <algorithm>
#include <cmath>

namespace tagwire {

std::size_t histogram_bucket(double seconds) {
  const auto* bound = std::lower_bound(kHistogramBounds.begin(), kHistogramBounds.end(), seconds);
  return static_cast<std::size_t>(bound - kHistogramBounds.begin());
}

void Histogram::observe(double seconds) {
  if (std::isnan(seconds)) return;
  ++counts[histogram_bucket(seconds)];
  ++count;
  sum_seconds += std::max(seconds, 0.0);
}

void AtomicHistogram::observe(double seconds) {
  if (std::isnan(seconds)) return;
  counts_[histogram_bucket(seconds)].fetch_add(1, std::memory_order_relaxed);
  // Nanoseconds in an integer: atomic adds without a CAS loop, and 584 years of sum.
  const double nanoseconds = std::clamp(seconds, 0.0, 1e9) * 1e9;
  sum_nanoseconds_.fetch_add(static_cast<std::uint64_t>(nanoseconds), std::memory_order_relaxed);
}

Histogram AtomicHistogram::snapshot() const {
  Histogram out;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    out.counts[i] = counts_[i].load(std::memory_order_relaxed);
    out.count += out.counts[i];
  }
  out.sum_seconds = static_cast<double>(sum_nanoseconds_.load(std::memory_order_relaxed)) / 1e9;
  return out;
}

}  // namespace tagwire
