// The compute worker's side of the bus: one thread owning a DEALER that talks
// to the API's broker — READY, heartbeats, jobs in, replies out.
//
// The link connects (by host name is fine: tcp://localhost:5555), sends READY
// with the worker's capacity, heartbeats every heartbeat_ms from its own thread
// (so a worker whose compute threads are all busy never misses one), answers
// REREGISTER with READY, and when it has heard nothing from the API for
// liveness × heartbeat_ms it drops the socket, waits reconnect_initial_ms
// (doubling up to reconnect_max_ms while the API stays silent) and connects
// again with a new socket and a new READY. REFUSED (another protocol major
// version) is logged and treated like silence: back off and try again.
// So is a failed handshake (the API's CURVE authentication refused the
// worker's key, the keys do not match, or only one side has keys), which
// libzmq reports only to a socket monitor: the link watches its socket's and
// logs the reason, rather than leave libzmq retrying every 100 ms or, after an
// authentication refusal, waiting in silence.
// A job whose budget_ms is <= 0 on arrival is answered kDeadline by the link
// itself without calling the handler. Replies queued while disconnected are
// sent after the next READY. Every socket of a link uses one routing id, chosen
// at random when the link starts, so those replies come from the peer the
// broker sent their jobs to (which is all it accepts).
//
// Thread safety: reply() and stats() from any thread; stop() from one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "tagwire/bus/curve_keys.h"
#include "tagwire/bus/protocol.h"
#include "tagwire/common/result.h"

namespace tagwire::bus {

struct WorkerLinkOptions {
  std::string connect = "tcp://localhost:5555";
  int capacity = 1;                 // jobs accepted at once (DESIGN.md: 4 × CPU threads)
  std::string name;                 // announced in READY; the host name is a good choice
  int heartbeat_ms = 1000;
  int liveness = 3;                 // silent intervals before reconnecting
  int reconnect_initial_ms = 1000;
  int reconnect_max_ms = 30000;
  // CURVE authentication (PROTOCOL.md "Authentication"): the API's public key
  // and this worker's secret key, whose public key the API must allow.
  // nullopt: none, for an API without keys.
  std::optional<CurveClientKeys> curve;
};

struct WorkerLinkStats {
  std::uint64_t jobs_received = 0;    // JOB messages (including those answered kDeadline at once)
  std::uint64_t jobs_expired_on_arrival = 0;  // budget <= 0: answered kDeadline by the link
  std::uint64_t replies_sent = 0;
  std::uint64_t heartbeats_sent = 0;
  std::uint64_t heartbeats_received = 0;
  std::uint64_t readies_sent = 0;     // first READY, reconnects and REREGISTER answers
  std::uint64_t reconnects = 0;       // new sockets after silence or REFUSED
  std::uint64_t refusals = 0;         // REFUSED received
  std::uint64_t handshake_failures = 0;  // handshakes the API refused or that failed (keys): each backs off
  std::uint64_t malformed_messages = 0;
  bool connected = false;             // a socket is open (the API may still be silent)
};

class WorkerLink {
 public:
  // Runs on the link thread and must not block: it hands the job to the
  // worker's pools, which later call reply(job_id, ...) from any thread.
  using JobHandler = std::function<void(JobRequest job, std::string job_id)>;

  // Creates the socket and connects (ZeroMQ connects in the background, so an
  // API that is not up yet is fine), without starting the link thread: no job
  // reaches the handler before run(). For a caller whose handler answers
  // through the link it must first store. Fails (kBadRequest) on a malformed
  // endpoint or options (capacity < 1, a CURVE key that is not Z85, ...).
  static Result<std::unique_ptr<WorkerLink>> open(WorkerLinkOptions options, JobHandler handler);
  // open(), then run().
  static Result<std::unique_ptr<WorkerLink>> start(WorkerLinkOptions options, JobHandler handler);

  // Starts the link thread (registers with the API, receives jobs). Once,
  // after open(); not after stop().
  void run();

  // Calls stop().
  ~WorkerLink();
  WorkerLink(const WorkerLink&) = delete;
  WorkerLink& operator=(const WorkerLink&) = delete;

  // Queues the answer for job_id: a JobReply on success, an Error on failure
  // (its kind travels as the DESIGN.md type string). Thread-safe, never
  // blocks on the network; a reply after stop() is dropped.
  void reply(const std::string& job_id, const Result<JobReply>& reply);

  // Sends the queued replies, then DISCONNECT, and joins the thread. Idempotent.
  void stop();

  // Counters of what the link's thread has done; a message is counted after
  // its send returns, so the peer may see it a moment before the count moves.
  WorkerLinkStats stats() const;

  class Impl;  // the socket thread, in worker_link.cpp

 private:
  explicit WorkerLink(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tagwire::bus
