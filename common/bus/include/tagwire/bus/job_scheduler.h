// The broker's decisions without its socket: which job goes to which worker,
// who waits for what, coalescing, the bounded queue, deadlines, retries.
//
// Pure logic (STYLE.md #7): every input carries `now`, and every decision is
// appended to an outbox the caller drains with take_actions() — jobs to send,
// waiters to answer, successful replies to report. The Broker feeds it socket
// events and executes the actions; tests drive it with a fake clock.
//
// Rules (DESIGN.md "Bus contract"):
// - A job goes to the URL's hash owner if it has a free credit, else to the
//   next worker in rendezvous order with one; a worker never holds more jobs
//   than its capacity. With every credit taken, jobs wait in a FIFO queue of
//   at most queue_limit jobs; beyond that a request gets kOverloaded at once.
//   With no worker registered it gets kNoWorkers at once, and queued jobs are
//   answered kNoWorkers when the last worker goes.
// - Coalescing: a request joins the open job for its URL (a non-refresh
//   request joins a refresh or non-refresh job; a refresh request joins only a
//   refresh job). Joining does not take a queue slot. A job's budget is its
//   first requester's deadline.
// - Each waiter is answered kDeadline at its own deadline. A job whose waiters
//   all gave up is abandoned, but its worker's credit stays taken until the
//   reply or the worker's expiry; that reply counts as late and, if it is a
//   success, is reported with had_waiters=false. A reply arriving after a
//   waiter's deadline finds it answered kDeadline, whether or not a tick has
//   run since.
// - When a job's budget runs out (or the worker answers kDeadline) while
//   later waiters still have time, they get a fresh job with the budget of the
//   first of them. A waiter with less than 50 ms left gets kDeadline then,
//   rather than a job too short to fetch a page (and the first requester may
//   have a moment left: a worker's timer may fire a little before the budget
//   ends). Any other failure reply goes to every waiter.
// - A job whose worker expires or disconnects is re-sent once, to the front
//   of the queue, with what is left of its budget; lost a second time, its
//   waiters get kNoWorkers. A send ZeroMQ could not route (unroutable())
//   drops that worker and requeues the job at once without using the retry:
//   the job never left the broker.
// - A reply counts only from a peer the job was sent to: one that holds its
//   credit, or, while the job is open, one it was sent to before that peer
//   expired or left. Any other reply (a job id never sent to that peer, or
//   never issued) is rejected and counted: a peer on the bus port cannot
//   answer another worker's job or write a page into the tag index. A late
//   reply is reported only when it is about the URL its job was for. A second
//   reply for an answered job is a duplicate: it returns its sender's credit,
//   nothing more.
// Thread safety: none; the broker thread owns it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "tagwire/bus/bus_counters.h"
#include "tagwire/bus/protocol.h"
#include "tagwire/bus/worker_registry.h"
#include "tagwire/common/histogram.h"
#include "tagwire/common/result.h"

namespace tagwire::bus {

using WaiterId = std::uint64_t;

struct SchedulerOptions {
  std::chrono::milliseconds heartbeat{1000};  // worker heartbeat interval
  int liveness = 3;                           // intervals of silence before expiry
  std::size_t queue_limit = 256;              // queued jobs (not waiters)
  // Prepended to job ids so a reply meant for an earlier broker (restarted on
  // the same port) can never match a job of this one.
  std::string job_id_prefix;
};

// Send this job to this worker.
struct Dispatch {
  WorkerId worker;
  std::string job_id;
  JobRequest request;
};

// Answer this waiter.
struct Completion {
  WaiterId waiter = 0;
  Result<JobReply> result;
};

// A successful reply, for the tag index, with whether any waiter received it.
struct SuccessNotice {
  JobReply reply;
  bool had_waiters = false;
};

struct SchedulerActions {
  std::vector<Dispatch> dispatches;
  std::vector<Completion> completions;
  std::vector<SuccessNotice> successes;
  bool empty() const { return dispatches.empty() && completions.empty() && successes.empty(); }
};

class JobScheduler {
 public:
  explicit JobScheduler(SchedulerOptions options);

  // A READY. A known id registering again lost its jobs: they follow the retry rule.
  void worker_ready(const WorkerId& worker, const Ready& ready, TimePoint now);
  // Any message from a worker proves it alive. False: unknown worker (the
  // caller answers REREGISTER).
  bool worker_seen(const WorkerId& worker, TimePoint now);
  // A DISCONNECT: its jobs follow the retry rule. Unknown ids are ignored.
  void worker_disconnected(const WorkerId& worker, TimePoint now);

  // A request from waiter `waiter` (unique per call). Answered later, or at
  // once (kNoWorkers, kOverloaded, kDeadline when deadline <= now) through a
  // Completion.
  void submit(WaiterId waiter, const std::string& url_key, bool refresh, TimePoint deadline,
              TimePoint now);

  // A REPLY from `worker` (known or not) for job_id. Returns whether the
  // worker is known (false: answer REREGISTER); the reply is used when the
  // rules above let it.
  bool reply(const WorkerId& worker, const std::string& job_id, Result<JobReply> reply,
             TimePoint now);

  // ZeroMQ could not route the dispatch of job_id to worker (peer gone).
  void unroutable(const WorkerId& worker, const std::string& job_id, TimePoint now);

  // The periodic duty: expire silent workers, answer waiters whose deadline
  // passed, renew jobs whose budget ran out, and dispatch from the queue.
  void tick(TimePoint now);

  // Answers every waiter with `error` and forgets all jobs (shutdown).
  void fail_all(const Error& error);

  // The earliest time tick() has something to do: a waiter's deadline, a
  // job's budget, a worker's expiry. nullopt when nothing is pending.
  std::optional<TimePoint> next_deadline() const;

  // Drains the outbox.
  SchedulerActions take_actions();

  const BusCounters& counters() const { return counters_; }
  // How long jobs waited for a worker's credit: from creation to first
  // dispatch, or until their last waiter's deadline passed while still queued.
  const Histogram& queue_wait() const { return queue_wait_; }
  const WorkerRegistry& workers() const { return registry_; }
  std::size_t queued() const { return queue_.size(); }
  std::size_t waiters() const { return waiters_.size(); }
  // Jobs with at least one waiter, queued or in flight.
  std::size_t open_jobs() const { return jobs_.size(); }

 private:
  struct Job {
    std::string id;
    std::string url;
    bool refresh = false;
    TimePoint deadline{};            // the first (remaining) requester's
    TimePoint created{};
    std::vector<WaiterId> waiters;   // in arrival order
    bool retried = false;
    std::optional<WorkerId> worker;  // set while in flight
    std::vector<WorkerId> sent_to;   // every worker it was dispatched to
  };
  struct Waiter {
    TimePoint deadline{};
    std::string job_id;
  };
  using JobKey = std::pair<std::string, bool>;  // (url, refresh)

  Job& create_job(const std::string& url, bool refresh, TimePoint deadline, TimePoint now);
  Job* find_job(const std::string& job_id);
  Job* joinable_job(const std::string& url, bool refresh, TimePoint now);
  void dispatch_queue(TimePoint now);
  // Answers kDeadline to the job's waiters whose deadline is past.
  void expire_waiters(Job& job, TimePoint now);
  bool settle_job(Job& job, TimePoint now);
  // Answers `ran_out` to the job's waiters with less than kMinRenewBudget
  // left and gives the others a fresh job at the front of the queue.
  void renew_job(Job& job, bool answered, const Error& ran_out, TimePoint now);
  void answer_waiters(Job& job, const Result<JobReply>& result);
  void answer(WaiterId waiter, Result<JobReply> result);
  // Takes the id by value: callers pass a job's own id, which erasing the job frees.
  void forget_job(std::string job_id, bool answered);
  void handle_lost_jobs(const WorkerId& worker, const std::vector<std::string>& job_ids, TimePoint now);
  void reply_without_job(const std::string& job_id, bool held_credit, Result<JobReply> result);
  void requeue_front(Job& job);
  void fail_queue_without_workers();
  void drop_from_queue(const std::string& job_id);

  SchedulerOptions options_;
  WorkerRegistry registry_;
  BusCounters counters_;
  Histogram queue_wait_;
  SchedulerActions outbox_;
  std::uint64_t next_job_ = 1;
  std::unordered_map<std::string, Job> jobs_;
  std::unordered_map<WaiterId, Waiter> waiters_;
  std::deque<std::string> queue_;
  std::map<JobKey, std::string> open_by_url_;
  // In-flight jobs whose waiters all left, by id: the URL a late reply must be
  // about. Entries go with the reply or with the worker's credits.
  std::unordered_map<std::string, std::string> abandoned_;
  // Recently answered job ids, to tell duplicate replies from late ones.
  std::unordered_set<std::string> answered_;
  std::deque<std::string> answered_order_;
};

}  // namespace tagwire::bus
