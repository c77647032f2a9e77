// The load-balancing broker embedded in the API: binds the worker endpoint,
// owns the ROUTER socket on one thread, and gives HTTP threads a blocking call.
//
// Contract (DESIGN.md "Bus contract"): jobs go only to workers with a free
// credit, preferring the worker that owns the URL's hash; when every worker is
// busy a bounded FIFO queue holds them; concurrent calls for the same URL share
// one job; a job whose worker expires or disconnects is re-sent once if budget
// remains; heartbeats flow every heartbeat_ms from the broker thread.
//
// Thread safety: call(), stats(), workers(), replace_allowed_workers(), endpoint()
// and shutdown() may be called from any thread at once. on_success() must be
// set before the first call(). The destructor must not run concurrently with
// other calls.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tagwire/bus/bus_counters.h"
#include "tagwire/bus/curve_keys.h"
#include "tagwire/bus/protocol.h"
#include "tagwire/common/histogram.h"
#include "tagwire/common/result.h"

namespace tagwire::bus {

struct BrokerOptions {
  std::string bind = "tcp://127.0.0.1:5555";  // "tcp://127.0.0.1:*" or port 0 picks a free port
  int heartbeat_ms = 1000;   // interval between heartbeats, both ways
  int liveness = 3;          // missed heartbeat intervals before a worker expires
  std::size_t queue_limit = 256;  // jobs waiting for a free credit; beyond it kOverloaded
  // CURVE authentication (PROTOCOL.md "Authentication"); nullopt: none, any
  // peer that reaches the endpoint may act as a worker. With keys, only a
  // client whose public key is in curve->allowed_workers gets past the
  // handshake; every other connection fails it before the broker sees a
  // message from it, and is counted (BusCounters::unauthenticated_peers).
  std::optional<CurveServerKeys> curve;
};

// A snapshot for /readyz and /debug/counters.
struct BrokerStats {
  BusCounters counters;
  std::size_t workers = 0;        // registered, live workers
  std::size_t capacity = 0;       // sum of their credits
  std::size_t in_flight = 0;      // credits taken (includes jobs whose waiters gave up)
  std::size_t queued = 0;         // jobs waiting for a credit
  std::size_t waiters = 0;        // calls currently blocked
  bool accepting = true;          // false after shutdown()
  Histogram queue_wait;           // jobs' wait for a worker credit (JobScheduler::queue_wait)
};

// One registered worker, for /admin/state.
struct WorkerSnapshot {
  std::string id;    // the ROUTER identity, in hex
  std::string name;  // from its READY; may be empty
  int capacity = 0;
  std::size_t in_flight = 0;
  std::chrono::milliseconds silent_for{0};  // since its last message
};

class Broker {
 public:
  using SuccessHandler = std::function<void(const JobReply& reply, bool had_waiters)>;

  // Binds options.bind and starts the broker thread. Fails (kInternal, with
  // the endpoint and ZeroMQ's reason) when the endpoint cannot be bound, and
  // (kBadRequest) on bad options, such as a CURVE key that is not Z85.
  static Result<std::unique_ptr<Broker>> start(BrokerOptions options);

  // Stops the thread; every call still waiting returns kShuttingDown.
  ~Broker();
  Broker(const Broker&) = delete;
  Broker& operator=(const Broker&) = delete;

  // Asks for the tags of url_key (already normalized) and blocks until the
  // reply, the deadline, or an immediate rejection. Errors:
  //   kNoWorkers    no worker is registered (also: the job was lost with two workers)
  //   kOverloaded   the queue is full
  //   kShuttingDown after shutdown() or during destruction
  //   kDeadline     the deadline passed first
  //   any other     the worker's failure reply, with the kind named in its type
  // refresh=true skips the worker's cache and never joins a non-refresh job.
  Result<JobReply> call(const std::string& url_key, bool refresh,
                        std::chrono::steady_clock::time_point deadline);

  // call() without the wait: the job is submitted and the returned Pending
  // waits for it, so one thread can have several jobs out at once.
  class Pending {
   public:
    // The answer call() gives: blocks until the reply, the deadline, or an
    // immediate rejection. Once.
    Result<JobReply> wait();

   private:
    friend class Broker;
    Pending(std::future<Result<JobReply>> answer, std::chrono::steady_clock::time_point deadline)
        : answer_(std::move(answer)), deadline_(deadline) {}
    std::future<Result<JobReply>> answer_;
    std::chrono::steady_clock::time_point deadline_;
  };
  Pending submit(const std::string& url_key, bool refresh, std::chrono::steady_clock::time_point deadline);

  // Runs on the broker thread for every successful reply except duplicates,
  // with whether any waiter was still there to receive it, before those
  // waiters' call()s return; the API writes every reply to its tag index from
  // here. Must not block for long: the broker thread sends heartbeats too. Set
  // before the first call().
  void on_success(SuccessHandler handler);

  // A snapshot the broker thread publishes every turn. It counts the outcome of
  // every call() that has returned; other events (a message just answered) may
  // show up one turn later.
  BrokerStats stats() const;

  // The registered workers, as the broker thread sees them now, by id. Fails
  // (kInternal) when the broker thread does not answer within `timeout`;
  // empty once the broker has stopped.
  Result<std::vector<WorkerSnapshot>> workers(std::chrono::milliseconds timeout) const;

  // Replaces the allow-list of worker keys (BrokerOptions::curve) while the
  // broker runs, for the API's SIGHUP: handshakes from now on are decided
  // against `keys`. A connected worker whose key is no longer listed is
  // dropped at its next message (it heartbeats every heartbeat_ms) and its
  // jobs follow the retry rule; whatever its connection sends after that is
  // ignored and counted (revoked_key_messages) until it gives up on the
  // silent API, reconnects and fails the handshake. Fails kBadRequest when
  // the broker runs without CURVE keys or a key is not a 40-character Z85
  // key, kShuttingDown once the broker has stopped, and kInternal when its
  // thread does not take the list within `timeout`.
  Status replace_allowed_workers(std::vector<std::string> keys, std::chrono::milliseconds timeout);

  // The bound endpoint, e.g. "tcp://127.0.0.1:41234" for a bind on port 0 or "*".
  std::string endpoint() const;

  // Graceful: new calls return kShuttingDown at once; jobs in flight keep
  // their waiters and replies are still delivered. Idempotent.
  void shutdown();

  class Impl;  // the socket thread, in broker.cpp

 private:
  explicit Broker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tagwire::bus
