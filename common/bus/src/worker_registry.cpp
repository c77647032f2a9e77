// Workers, their credits and liveness, and rendezvous ownership of URLs.
//
// Invariant: for every worker, in_flight.size() <= capacity; take_credit is
// only called after choose() found a free credit on that worker.
#include "tagwire/bus/worker_registry.h"

#include <algorithm>
#include <cassert>
#include <cstdint>

namespace tagwire::bus {
namespace {

constexpr std::uint64_t kFnvOffset = 1469598103934665603ULL;
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash = kFnvOffset) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= kFnvPrime;
  }
  return hash;
}

// splitmix64's finalizer: FNV alone mixes the last bytes poorly, and the
// rendezvous weights must look independent per (url, worker) pair.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

std::uint64_t rendezvous_weight(std::string_view url_key, const WorkerInfo& worker) {
  const std::string_view key = worker.name.empty() ? std::string_view(worker.id) : worker.name;
  std::uint64_t h = fnv1a(key);
  h = fnv1a(std::string_view("\0", 1), h);
  return mix(fnv1a(url_key, h));
}

}  // namespace

WorkerRegistry::WorkerRegistry(std::chrono::milliseconds expiry) : expiry_(expiry) {}

std::vector<std::string> WorkerRegistry::add(const WorkerId& id, std::string name, int capacity,
                                             TimePoint now) {
  std::vector<std::string> lost = remove(id);
  WorkerInfo info;
  info.id = id;
  info.name = std::move(name);
  info.capacity = std::max(1, capacity);
  info.last_seen = now;
  workers_.emplace(id, std::move(info));
  return lost;
}

std::vector<std::string> WorkerRegistry::remove(const WorkerId& id) {
  auto it = workers_.find(id);
  if (it == workers_.end()) return {};
  std::vector<std::string> held(it->second.in_flight.begin(), it->second.in_flight.end());
  workers_.erase(it);
  return held;
}

bool WorkerRegistry::touch(const WorkerId& id, TimePoint now) {
  auto it = workers_.find(id);
  if (it == workers_.end()) return false;
  it->second.last_seen = std::max(it->second.last_seen, now);
  return true;
}

bool WorkerRegistry::contains(const WorkerId& id) const { return workers_.count(id) != 0; }

const WorkerInfo* WorkerRegistry::find(const WorkerId& id) const {
  auto it = workers_.find(id);
  return it == workers_.end() ? nullptr : &it->second;
}

std::vector<WorkerId> WorkerRegistry::ids() const {
  std::vector<WorkerId> out;
  for (const auto& [id, _] : workers_) out.push_back(id);
  return out;
}

std::vector<WorkerId> WorkerRegistry::expired(TimePoint now) const {
  std::vector<WorkerId> out;
  for (const auto& [id, w] : workers_) {
    if (now >= w.last_seen + expiry_) out.push_back(id);
  }
  return out;
}

std::optional<TimePoint> WorkerRegistry::next_expiry() const {
  std::optional<TimePoint> next;
  for (const auto& [_, w] : workers_) {
    TimePoint t = w.last_seen + expiry_;
    if (!next || t < *next) next = t;
  }
  return next;
}

std::vector<const WorkerInfo*> WorkerRegistry::rendezvous_order(std::string_view url_key) const {
  std::vector<std::pair<std::uint64_t, const WorkerInfo*>> ranked;
  ranked.reserve(workers_.size());
  for (const auto& [_, w] : workers_) ranked.emplace_back(rendezvous_weight(url_key, w), &w);
  // Ties (two workers with one name) fall back to identity order, so the
  // order is the same on every call.
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    return a.second->id < b.second->id;
  });
  std::vector<const WorkerInfo*> order;
  order.reserve(ranked.size());
  for (const auto& [_, w] : ranked) order.push_back(w);
  return order;
}

std::optional<WorkerId> WorkerRegistry::owner(std::string_view url_key) const {
  auto order = rendezvous_order(url_key);
  if (order.empty()) return std::nullopt;
  return order.front()->id;
}

std::optional<WorkerId> WorkerRegistry::choose(std::string_view url_key) const {
  for (const WorkerInfo* w : rendezvous_order(url_key)) {
    if (w->free_credit() > 0) return w->id;
  }
  return std::nullopt;
}

void WorkerRegistry::take_credit(const WorkerId& id, const std::string& job_id) {
  auto it = workers_.find(id);
  assert(it != workers_.end() && it->second.free_credit() > 0);
  if (it == workers_.end()) return;
  it->second.in_flight.insert(job_id);
}

bool WorkerRegistry::return_credit(const WorkerId& id, const std::string& job_id) {
  auto it = workers_.find(id);
  if (it == workers_.end()) return false;
  return it->second.in_flight.erase(job_id) != 0;
}

bool WorkerRegistry::has_free_credit() const {
  return std::any_of(workers_.begin(), workers_.end(),
                     [](const auto& entry) { return entry.second.free_credit() > 0; });
}

std::size_t WorkerRegistry::capacity() const {
  std::size_t total = 0;
  for (const auto& [_, w] : workers_) total += static_cast<std::size_t>(w.capacity);
  return total;
}

std::size_t WorkerRegistry::in_flight() const {
  std::size_t total = 0;
  for (const auto& [_, w] : workers_) total += w.in_flight.size();
  return total;
}

}  // namespace tagwire::bus
