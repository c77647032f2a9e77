// Answers by HTTP status (see http_counters.h).
#include "tagwire/api/http_counters.h"

namespace tagwire::api {

void HttpCounters::record(int status) {
  const std::size_t slot = (status >= kLowest && status <= kHighest) ? static_cast<std::size_t>(status - kLowest + 1) : 0;
  counts_[slot].fetch_add(1, std::memory_order_relaxed);
}

std::map<int, std::uint64_t> HttpCounters::by_status() const {
  std::map<int, std::uint64_t> out;
  for (std::size_t slot = 0; slot < counts_.size(); ++slot) {
    const std::uint64_t n = counts_[slot].load(std::memory_order_relaxed);
    if (n != 0) out[slot == 0 ? 0 : static_cast<int>(slot) + kLowest - 1] = n;
  }
  return out;
}

std::uint64_t HttpCounters::total() const {
  std::uint64_t sum = 0;
  for (const auto& count : counts_) sum += count.load(std::memory_order_relaxed);
  return sum;
}

}  // namespace tagwire::api
