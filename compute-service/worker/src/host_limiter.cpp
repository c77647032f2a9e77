// Per-host in-flight counters.
#include "tagwire/compute/host_limiter.h"

#include <algorithm>
#include <cassert>
#include <cctype>

namespace tagwire::compute {
namespace {

std::string host_key(std::string_view host) {
  std::string key(host);
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
  return key;
}

}  // namespace

HostLimiter::HostLimiter(std::size_t per_host_limit) : limit_(per_host_limit) { assert(limit_ >= 1); }

bool HostLimiter::try_acquire(std::string_view host) {
  auto& count = in_flight_[host_key(host)];
  if (count >= limit_) return false;
  ++count;
  return true;
}

void HostLimiter::release(std::string_view host) {
  const auto it = in_flight_.find(host_key(host));
  assert(it != in_flight_.end() && it->second > 0);
  if (it == in_flight_.end()) return;
  if (--it->second == 0) in_flight_.erase(it);
}

std::size_t HostLimiter::in_flight(std::string_view host) const {
  const auto it = in_flight_.find(host_key(host));
  return it == in_flight_.end() ? 0 : it->second;
}

}  // namespace tagwire::compute
