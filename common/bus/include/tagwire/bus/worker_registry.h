// The broker's view of its workers: capacity, credits in use, liveness, and
// which worker owns a URL (rendezvous hashing).
//
// Pure logic: no sockets and no clock; every call that depends on time takes
// `now`. A worker is identified by its ROUTER identity; its credits are the
// set of job ids it holds, so a reply returns exactly the credit it took, once.
// Ownership uses highest-random-weight (rendezvous) hashing over the workers'
// names (their identity when unnamed): adding or removing a worker moves only
// the URLs that worker owns, so per-worker caches stay useful as workers come
// and go. Thread safety: none; the broker thread owns it.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tagwire::bus {

using WorkerId = std::string;  // the ROUTER identity frame, opaque bytes
using TimePoint = std::chrono::steady_clock::time_point;

struct WorkerInfo {
  WorkerId id;
  std::string name;                 // from READY; the routing key when not empty
  int capacity = 1;
  std::set<std::string> in_flight;  // job ids holding a credit
  TimePoint last_seen{};

  int free_credit() const { return capacity - static_cast<int>(in_flight.size()); }
};

class WorkerRegistry {
 public:
  // A worker silent for `expiry` (heartbeat interval × liveness) has expired.
  explicit WorkerRegistry(std::chrono::milliseconds expiry);

  // Registers a worker. Registering a known id again replaces it and returns
  // the job ids its previous registration held (the worker lost them).
  std::vector<std::string> add(const WorkerId& id, std::string name, int capacity, TimePoint now);
  // Removes a worker and returns the job ids it held; empty for an unknown id.
  std::vector<std::string> remove(const WorkerId& id);
  // Records traffic from a worker; false when the id is unknown.
  bool touch(const WorkerId& id, TimePoint now);

  bool contains(const WorkerId& id) const;
  const WorkerInfo* find(const WorkerId& id) const;
  bool empty() const { return workers_.empty(); }
  std::size_t size() const { return workers_.size(); }
  std::vector<WorkerId> ids() const;

  // Workers silent since now - expiry or earlier, and the earliest time one will be.
  std::vector<WorkerId> expired(TimePoint now) const;
  std::optional<TimePoint> next_expiry() const;

  // The worker that owns url_key, busy or not; nullopt when there are none.
  std::optional<WorkerId> owner(std::string_view url_key) const;
  // The owner when it has a free credit, else the next worker in the URL's
  // rendezvous order that has one; nullopt when every credit is taken.
  std::optional<WorkerId> choose(std::string_view url_key) const;

  // Precondition: the worker is known and has a free credit (a bug otherwise).
  void take_credit(const WorkerId& id, const std::string& job_id);
  // Returns the credit job_id holds on this worker; false if it held none.
  bool return_credit(const WorkerId& id, const std::string& job_id);

  bool has_free_credit() const;
  std::size_t capacity() const;   // sum over workers
  std::size_t in_flight() const;  // credits taken

 private:
  std::vector<const WorkerInfo*> rendezvous_order(std::string_view url_key) const;

  std::chrono::milliseconds expiry_;
  std::map<WorkerId, WorkerInfo> workers_;
};

}  // namespace tagwire::bus
