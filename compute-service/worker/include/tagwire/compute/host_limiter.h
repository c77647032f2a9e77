// Counts fetches in flight per host so that no host gets more than a fixed
// number at once (politeness towards targets, fairness between jobs).
//
// Pure bookkeeping: it never blocks. A caller that cannot acquire keeps its
// request queued and tries again after a release. Host names are compared
// case-insensitively. Thread safety: none; the fetcher's driver thread owns it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tagwire::compute {

class HostLimiter {
 public:
  // Precondition: per_host_limit >= 1.
  explicit HostLimiter(std::size_t per_host_limit);

  // Takes a slot for `host` and returns true, or returns false when the host
  // already has per_host_limit fetches in flight.
  bool try_acquire(std::string_view host);

  // Returns a slot taken by try_acquire. Releasing a host with nothing in
  // flight is a bug.
  void release(std::string_view host);

  std::size_t in_flight(std::string_view host) const;
  std::size_t per_host_limit() const { return limit_; }

 private:
  std::size_t limit_;
  std::unordered_map<std::string, std::size_t> in_flight_;  // only hosts with > 0
};

}  // namespace tagwire::compute
