// Job routing, coalescing, queueing, deadlines and retries for the broker.
//
// Invariants:
// - jobs_ holds only jobs with at least one waiter; a job whose waiters all
//   left is forgotten at once (its worker keeps the credit until it replies).
// - Every waiter in waiters_ belongs to exactly one job in jobs_, and appears
//   in that job's waiter list exactly once.
// - A job is either in queue_ (worker unset) or in flight (worker set).
// - abandoned_ holds only ids whose credit a registered worker still holds.
// - open_by_url_ maps a (url, refresh) key only to a job in jobs_.
#include "tagwire/bus/job_scheduler.h"

#include <algorithm>

namespace tagwire::bus {
namespace {

// Answered job ids remembered to tell duplicates from late replies. A
// duplicate arrives within a worker's expiry of the first reply; 4096 ids
// cover that at thousands of jobs per second.
constexpr std::size_t kAnsweredMemory = 4096;

// A fresh job for waiters with less time than this left could fetch no page:
// it would only ask the site again and fail. They are answered kDeadline
// with the job whose budget ran out instead, up to this much early.
constexpr std::chrono::milliseconds kMinRenewBudget{50};

Error deadline_error(std::string_view what) { return Error::make(ErrorKind::kDeadline, std::string(what)); }

}  // namespace

JobScheduler::JobScheduler(SchedulerOptions options)
    : options_(std::move(options)), registry_(options_.heartbeat * options_.liveness) {}

void JobScheduler::worker_ready(const WorkerId& worker, const Ready& ready, TimePoint now) {
  handle_lost_jobs(worker, registry_.add(worker, ready.worker, ready.capacity, now), now);
  dispatch_queue(now);
}

bool JobScheduler::worker_seen(const WorkerId& worker, TimePoint now) {
  if (registry_.touch(worker, now)) return true;
  ++counters_.unknown_peer_messages;
  return false;
}

void JobScheduler::worker_disconnected(const WorkerId& worker, TimePoint now) {
  if (!registry_.contains(worker)) return;
  ++counters_.disconnected_workers;
  handle_lost_jobs(worker, registry_.remove(worker), now);
  dispatch_queue(now);
}

void JobScheduler::submit(WaiterId waiter, const std::string& url_key, bool refresh, TimePoint deadline,
                          TimePoint now) {
  if (deadline <= now) {
    ++counters_.deadline_expiries;
    answer(waiter, deadline_error("the request's deadline passed before it reached the broker"));
    return;
  }
  if (Job* job = joinable_job(url_key, refresh, now)) {
    job->waiters.push_back(waiter);
    waiters_[waiter] = Waiter{deadline, job->id};
    ++counters_.coalesced;
    return;
  }
  if (registry_.empty()) {
    ++counters_.no_worker_rejections;
    answer(waiter, Error::make(ErrorKind::kNoWorkers, "no compute worker is connected"));
    return;
  }
  const bool sendable_now = queue_.empty() && registry_.has_free_credit();
  if (!sendable_now && queue_.size() >= options_.queue_limit) {
    ++counters_.queue_full_rejections;
    answer(waiter, Error::make(ErrorKind::kOverloaded,
                               "all " + std::to_string(registry_.size()) + " workers are busy and " +
                                   std::to_string(queue_.size()) + " jobs are queued"));
    return;
  }
  Job& job = create_job(url_key, refresh, deadline, now);
  job.waiters.push_back(waiter);
  waiters_[waiter] = Waiter{deadline, job.id};
  queue_.push_back(job.id);
  dispatch_queue(now);
}

bool JobScheduler::reply(const WorkerId& worker, const std::string& job_id, Result<JobReply> result,
                         TimePoint now) {
  ++counters_.replies;
  const bool known = registry_.contains(worker);
  const bool held_credit = registry_.return_credit(worker, job_id);
  Job* job = find_job(job_id);
  if (!job) {
    reply_without_job(job_id, held_credit, std::move(result));
    dispatch_queue(now);
    return known;
  }
  const bool sent_here = std::find(job->sent_to.begin(), job->sent_to.end(), worker) != job->sent_to.end();
  if (!held_credit && !sent_here) {
    ++counters_.rejected_replies;
    return known;
  }
  if (result.ok() && result.value().url != job->url) {
    // A bug on the worker's side; never index tags under the wrong URL.
    ++counters_.malformed_messages;
    result = Error::make(ErrorKind::kInternal, "worker replied about " + result.value().url +
                                                   " to a job for " + job->url);
  }
  // A waiter whose deadline passed has had its kDeadline (its caller stopped
  // waiting), even if the tick that says so has not run yet.
  expire_waiters(*job, now);
  if (!result.ok() && result.error().kind == ErrorKind::kDeadline) {
    // The budget was the first requester's; later waiters still deserve an answer.
    renew_job(*job, true, result.error(), now);
  } else {
    const bool had_waiters = !job->waiters.empty();
    answer_waiters(*job, result);
    if (result.ok()) outbox_.successes.push_back(SuccessNotice{result.value(), had_waiters});
    forget_job(job_id, true);
  }
  dispatch_queue(now);
  return known;
}

// A reply for a job no waiter holds any more: a duplicate of an answered one,
// a late reply to an abandoned one from the worker holding its credit, or a
// reply nobody asked that peer for.
void JobScheduler::reply_without_job(const std::string& job_id, bool held_credit, Result<JobReply> result) {
  if (answered_.count(job_id)) {
    ++counters_.duplicate_replies;
    return;
  }
  const auto abandoned = abandoned_.find(job_id);
  if (abandoned == abandoned_.end()) {
    // From the credit's holder: a duplicate answered longer ago than answered_
    // remembers. From anyone else: a reply nobody asked that peer for.
    ++(held_credit ? counters_.duplicate_replies : counters_.rejected_replies);
    return;
  }
  if (!held_credit) {
    ++counters_.rejected_replies;
    return;
  }
  ++counters_.late_replies;
  if (result.ok() && result.value().url == abandoned->second) {
    outbox_.successes.push_back(SuccessNotice{std::move(result).value(), false});
  } else if (result.ok()) {
    ++counters_.malformed_messages;  // never index tags under the wrong URL
  }
  abandoned_.erase(abandoned);
}

void JobScheduler::unroutable(const WorkerId& worker, const std::string& job_id, TimePoint now) {
  ++counters_.unroutable;
  if (Job* job = find_job(job_id); job && job->worker == worker) {
    // Never delivered, so this does not use the job's one retry.
    job->worker.reset();
    if (settle_job(*job, now)) queue_.push_front(job_id);
  }
  handle_lost_jobs(worker, registry_.remove(worker), now);
  dispatch_queue(now);
}

void JobScheduler::tick(TimePoint now) {
  for (const WorkerId& worker : registry_.expired(now)) {
    ++counters_.expired_workers;
    handle_lost_jobs(worker, registry_.remove(worker), now);
  }
  std::vector<std::string> ids;
  ids.reserve(jobs_.size());
  for (const auto& [id, _] : jobs_) ids.push_back(id);
  for (const std::string& id : ids) {
    if (Job* job = find_job(id)) settle_job(*job, now);
  }
  dispatch_queue(now);
}

void JobScheduler::fail_all(const Error& error) {
  std::vector<WaiterId> all;
  for (const auto& [id, _] : waiters_) all.push_back(id);
  for (WaiterId w : all) answer(w, error);
  jobs_.clear();
  queue_.clear();
  open_by_url_.clear();
}

std::optional<TimePoint> JobScheduler::next_deadline() const {
  std::optional<TimePoint> next = registry_.next_expiry();
  auto consider = [&next](TimePoint t) {
    if (!next || t < *next) next = t;
  };
  for (const auto& [_, w] : waiters_) consider(w.deadline);
  for (const auto& [_, job] : jobs_) consider(job.deadline);
  return next;
}

SchedulerActions JobScheduler::take_actions() {
  SchedulerActions out = std::move(outbox_);
  outbox_ = SchedulerActions{};
  return out;
}

JobScheduler::Job& JobScheduler::create_job(const std::string& url, bool refresh, TimePoint deadline,
                                             TimePoint now) {
  std::string id = options_.job_id_prefix + std::to_string(next_job_++);
  Job& job = jobs_[id];
  job.id = id;
  job.url = url;
  job.refresh = refresh;
  job.deadline = deadline;
  job.created = now;
  open_by_url_[JobKey{url, refresh}] = id;
  return job;
}

JobScheduler::Job* JobScheduler::find_job(const std::string& job_id) {
  auto it = jobs_.find(job_id);
  return it == jobs_.end() ? nullptr : &it->second;
}

JobScheduler::Job* JobScheduler::joinable_job(const std::string& url, bool refresh, TimePoint now) {
  auto open = [&](bool key_refresh) -> Job* {
    auto it = open_by_url_.find(JobKey{url, key_refresh});
    if (it == open_by_url_.end()) return nullptr;
    Job* job = find_job(it->second);
    // A job past its budget is about to be renewed; joining it would only
    // delay the newcomer.
    return (job && job->deadline > now) ? job : nullptr;
  };
  // A refresh job's answer is fresh enough for anyone; a cached answer is not
  // what a refresh request asked for.
  if (!refresh) {
    if (Job* job = open(false)) return job;
  }
  return open(true);
}

void JobScheduler::dispatch_queue(TimePoint now) {
  if (registry_.empty()) {
    fail_queue_without_workers();
    return;
  }
  while (!queue_.empty()) {
    Job* job = find_job(queue_.front());
    if (!job) {
      queue_.pop_front();
      continue;
    }
    if (!settle_job(*job, now)) continue;  // forgotten or renewed: the front changed
    std::optional<WorkerId> worker = registry_.choose(job->url);
    if (!worker) break;
    queue_.pop_front();
    registry_.take_credit(*worker, job->id);
    job->worker = *worker;
    if (job->sent_to.empty()) queue_wait_.observe(now - job->created);
    job->sent_to.push_back(*worker);
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(job->deadline - now).count();
    // settle_job guarantees deadline > now; a sub-millisecond remainder still
    // deserves a chance rather than a budget of 0, which means "already late".
    outbox_.dispatches.push_back(
        Dispatch{*worker, job->id, JobRequest{job->url, job->refresh, std::max<std::int64_t>(left, 1)}});
    ++counters_.jobs_sent;
  }
}

void JobScheduler::expire_waiters(Job& job, TimePoint now) {
  std::vector<WaiterId> remaining;
  for (WaiterId w : job.waiters) {
    if (waiters_[w].deadline <= now) {
      ++counters_.deadline_expiries;
      answer(w, deadline_error("no reply before the request's deadline"));
    } else {
      remaining.push_back(w);
    }
  }
  job.waiters = std::move(remaining);
}

bool JobScheduler::settle_job(Job& job, TimePoint now) {
  expire_waiters(job, now);
  if (job.waiters.empty()) {
    // Waited in the queue until nobody wanted it: the worst waits, so counted too.
    if (job.sent_to.empty()) queue_wait_.observe(now - job.created);
    forget_job(job.id, false);
    return false;
  }
  if (job.deadline <= now) {
    if (job.worker) {
      renew_job(job, false, deadline_error("no reply before the request's deadline"), now);
      return false;
    }
    job.deadline = waiters_[job.waiters.front()].deadline;
  }
  return true;
}

void JobScheduler::renew_job(Job& job, bool answered, const Error& ran_out, TimePoint now) {
  // A worker's timer may fire a little before the budget ends (libcurl's
  // does, by a millisecond), so the first requester may still have a moment
  // left: kMinRenewBudget answers it too.
  std::vector<WaiterId> moving;
  for (WaiterId w : job.waiters) {
    if (waiters_[w].deadline - now < kMinRenewBudget) {
      ++counters_.deadline_expiries;
      answer(w, ran_out);
    } else {
      moving.push_back(w);
    }
  }
  job.waiters.clear();
  const std::string url = job.url;
  const bool refresh = job.refresh;
  forget_job(job.id, answered);
  if (moving.empty()) return;
  Job& fresh = create_job(url, refresh, waiters_[moving.front()].deadline, now);
  fresh.waiters = std::move(moving);
  for (WaiterId w : fresh.waiters) waiters_[w].job_id = fresh.id;
  // These requests are older than anything queued behind them.
  queue_.push_front(fresh.id);
  ++counters_.renewed;
}

void JobScheduler::answer_waiters(Job& job, const Result<JobReply>& result) {
  for (WaiterId w : job.waiters) answer(w, result);
  job.waiters.clear();
}

void JobScheduler::answer(WaiterId waiter, Result<JobReply> result) {
  waiters_.erase(waiter);
  outbox_.completions.push_back(Completion{waiter, std::move(result)});
}

void JobScheduler::forget_job(std::string job_id, bool answered) {
  auto job = jobs_.find(job_id);
  if (job == jobs_.end()) return;
  auto open = open_by_url_.find(JobKey{job->second.url, job->second.refresh});
  if (open != open_by_url_.end() && open->second == job_id) open_by_url_.erase(open);
  if (!job->second.worker) drop_from_queue(job_id);
  if (!answered && job->second.worker) abandoned_.emplace(job_id, job->second.url);  // its credit stays taken
  jobs_.erase(job);
  if (answered && answered_.insert(job_id).second) {
    answered_order_.push_back(job_id);
    if (answered_order_.size() > kAnsweredMemory) {
      answered_.erase(answered_order_.front());
      answered_order_.pop_front();
    }
  }
}

void JobScheduler::handle_lost_jobs(const WorkerId& worker, const std::vector<std::string>& job_ids,
                                    TimePoint now) {
  for (const std::string& id : job_ids) {
    abandoned_.erase(id);  // its credit is gone: no late reply is expected from here
    Job* job = find_job(id);
    // Answered already, or re-sent elsewhere and only the old credit was here.
    if (!job || job->worker != worker) continue;
    job->worker.reset();
    if (!settle_job(*job, now)) continue;
    if (job->retried) {
      answer_waiters(*job, Error::make(ErrorKind::kNoWorkers,
                                       "the job was lost with two workers (expired or disconnected)"));
      forget_job(id, false);
      continue;
    }
    job->retried = true;
    ++counters_.retried;
    queue_.push_front(id);
  }
}

void JobScheduler::fail_queue_without_workers() {
  while (!queue_.empty()) {
    Job* job = find_job(queue_.front());
    if (!job) {
      queue_.pop_front();
      continue;
    }
    counters_.no_worker_rejections += job->waiters.size();
    answer_waiters(*job, Error::make(ErrorKind::kNoWorkers, "the last compute worker went away"));
    forget_job(job->id, false);
  }
}

void JobScheduler::drop_from_queue(const std::string& job_id) {
  auto it = std::find(queue_.begin(), queue_.end(), job_id);
  if (it != queue_.end()) queue_.erase(it);
}

}  // namespace tagwire::bus
