// The broker's pure decisions, driven with a fake clock: routing, credits,
// queue bound, coalescing, deadlines, expiry, retries, late and duplicate replies.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "tagwire/bus/job_scheduler.h"

using namespace tagwire;
using namespace tagwire::bus;
using namespace std::chrono_literals;

namespace {

const TimePoint t0 = TimePoint{} + 1000s;

SchedulerOptions options(std::size_t queue_limit = 256) {
  return SchedulerOptions{1000ms, 3, queue_limit, "t-"};
}

Ready ready(int capacity, std::string name) { return Ready{capacity, protocol_version(), std::move(name)}; }

JobReply reply_for(const std::string& url) {
  JobReply r;
  r.url = url;
  r.final_url = url;
  r.title = "title";
  r.tags = {{"zeromq", 0.9, "inferred"}};
  return r;
}

std::string url(int i) { return "http://example.com/page/" + std::to_string(i); }

// A URL that `worker` owns among the registered workers, other than those in `not_these`.
std::string url_owned_by(const JobScheduler& s, const WorkerId& worker, const std::set<std::string>& not_these = {}) {
  for (int i = 0; i < 10000; ++i) {
    if (s.workers().owner(url(i)) == worker && !not_these.count(url(i))) return url(i);
  }
  FAIL("no URL owned by " << worker);
  return {};
}

// Registers w1, gives it a job for url(1) whose only waiter times out at
// t0 + 1s while w1 still holds the credit (so its reply will be late).
Dispatch abandon_one_job(JobScheduler& s) {
  s.worker_ready("w1", ready(1, "w1"), t0);
  s.submit(1, url(1), false, t0 + 1s, t0);
  const Dispatch d = s.take_actions().dispatches.at(0);
  s.worker_seen("w1", t0 + 900ms);
  s.tick(t0 + 1s);
  s.take_actions();
  return d;
}

}  // namespace

TEST_CASE("a job goes to the worker that owns its URL's hash", "[bus]") {
  JobScheduler s(options());
  for (const char* w : {"w1", "w2", "w3"}) s.worker_ready(w, ready(4, w), t0);
  for (const char* w : {"w1", "w2", "w3"}) {
    const std::string u = url_owned_by(s, w);
    s.submit(1, u, false, t0 + 5s, t0);
    auto actions = s.take_actions();
    REQUIRE(actions.dispatches.size() == 1);
    CHECK(actions.dispatches[0].worker == w);
    CHECK(actions.dispatches[0].request.url == u);
    CHECK(actions.dispatches[0].request.budget_ms == 5000);
  }
}

TEST_CASE("a job goes to another worker with a free credit when the owner is busy", "[bus]") {
  JobScheduler s(options());
  s.worker_ready("w1", ready(1, "w1"), t0);
  s.worker_ready("w2", ready(1, "w2"), t0);
  const std::string first = url_owned_by(s, "w1");
  const std::string second = url_owned_by(s, "w1", {first});
  s.submit(1, first, false, t0 + 5s, t0);
  s.submit(2, second, false, t0 + 5s, t0);
  auto actions = s.take_actions();
  REQUIRE(actions.dispatches.size() == 2);
  CHECK(actions.dispatches[0].worker == "w1");
  CHECK(actions.dispatches[1].worker == "w2");
}

TEST_CASE("a worker never holds more jobs than its capacity", "[bus]") {
  JobScheduler s(options());
  s.worker_ready("w1", ready(2, "w1"), t0);
  s.worker_ready("w2", ready(2, "w2"), t0);
  for (int i = 0; i < 10; ++i) s.submit(static_cast<WaiterId>(i), url(i), false, t0 + 5s, t0);
  auto actions = s.take_actions();
  std::map<WorkerId, int> per_worker;
  for (const auto& d : actions.dispatches) ++per_worker[d.worker];
  CHECK(per_worker["w1"] == 2);
  CHECK(per_worker["w2"] == 2);
  CHECK(s.queued() == 6);

  // A reply returns one credit, and exactly one queued job takes it.
  const Dispatch& done = actions.dispatches[0];
  s.reply(done.worker, done.job_id, reply_for(done.request.url), t0 + 1ms);
  auto next = s.take_actions();
  REQUIRE(next.dispatches.size() == 1);
  CHECK(next.dispatches[0].worker == done.worker);
  CHECK(s.workers().in_flight() == 4);
  CHECK(s.queued() == 5);
}

TEST_CASE("a full queue answers overloaded at once", "[bus]") {
  JobScheduler s(options(2));
  s.worker_ready("w1", ready(1, "w1"), t0);
  for (int i = 0; i < 4; ++i) s.submit(static_cast<WaiterId>(i), url(i), false, t0 + 5s, t0);
  auto actions = s.take_actions();
  CHECK(actions.dispatches.size() == 1);
  CHECK(s.queued() == 2);
  REQUIRE(actions.completions.size() == 1);
  CHECK(actions.completions[0].waiter == 3);
  CHECK(actions.completions[0].result.error().kind == ErrorKind::kOverloaded);
  CHECK(s.counters().queue_full_rejections == 1);
}

TEST_CASE("a request with no worker registered is answered no_workers at once", "[bus]") {
  JobScheduler s(options());
  s.submit(7, url(1), false, t0 + 5s, t0);
  auto actions = s.take_actions();
  REQUIRE(actions.completions.size() == 1);
  CHECK(actions.completions[0].waiter == 7);
  CHECK(actions.completions[0].result.error().kind == ErrorKind::kNoWorkers);
  CHECK(s.counters().no_worker_rejections == 1);
  CHECK(actions.dispatches.empty());
}

TEST_CASE("concurrent requests for one URL share one job", "[bus]") {
  JobScheduler s(options());
  s.worker_ready("w1", ready(4, "w1"), t0);
  for (WaiterId w = 1; w <= 3; ++w) s.submit(w, url(1), false, t0 + 5s, t0 + std::chrono::milliseconds(w));
  auto actions = s.take_actions();
  REQUIRE(actions.dispatches.size() == 1);
  CHECK(s.counters().coalesced == 2);
  // The budget is the first requester's.
  CHECK(actions.dispatches[0].request.budget_ms == 4999);

  s.reply("w1", actions.dispatches[0].job_id, reply_for(url(1)), t0 + 100ms);
  auto done = s.take_actions();
  REQUIRE(done.completions.size() == 3);
  for (const auto& c : done.completions) {
    REQUIRE(c.result.ok());
    CHECK(c.result->url == url(1));
  }
  REQUIRE(done.successes.size() == 1);
  CHECK(done.successes[0].had_waiters);
}

TEST_CASE("a refresh request does not join a non-refresh job but other refresh requests join it", "[bus]") {
  JobScheduler s(options());
  s.worker_ready("w1", ready(4, "w1"), t0);
  s.submit(1, url(1), false, t0 + 5s, t0);
  s.submit(2, url(1), true, t0 + 5s, t0);
  s.submit(3, url(1), true, t0 + 5s, t0);
  auto actions = s.take_actions();
  REQUIRE(actions.dispatches.size() == 2);
  CHECK_FALSE(actions.dispatches[0].request.refresh);
  CHECK(actions.dispatches[1].request.refresh);
  CHECK(s.counters().coalesced == 1);

  // Waiter 3 rides the refresh job: its reply answers waiters 2 and 3 only.
  s.reply("w1", actions.dispatches[1].job_id, reply_for(url(1)), t0 + 10ms);
  std::set<WaiterId> answered;
  for (const auto& c : s.take_actions().completions) answered.insert(c.waiter);
  CHECK(answered == std::set<WaiterId>{2, 3});
}

TEST_CASE("a worker silent for liveness heartbeats expires and its job is retried once with the remaining budget",
          "[bus]") {
  JobScheduler s(options());
  s.worker_ready("w1", ready(1, "w1"), t0);
  s.worker_ready("w2", ready(1, "w2"), t0);
  const std::string u = url_owned_by(s, "w1");
  s.submit(1, u, false, t0 + 5s, t0);
  REQUIRE(s.take_actions().dispatches.at(0).worker == "w1");

  s.worker_seen("w2", t0 + 2500ms);
  s.tick(t0 + 2999ms);
  CHECK(s.counters().expired_workers == 0);
  CHECK(s.take_actions().dispatches.empty());

  s.tick(t0 + 3000ms);
  CHECK(s.counters().expired_workers == 1);
  CHECK(s.counters().retried == 1);
  CHECK_FALSE(s.workers().contains("w1"));
  auto actions = s.take_actions();
  REQUIRE(actions.dispatches.size() == 1);
  CHECK(actions.dispatches[0].worker == "w2");
  CHECK(actions.dispatches[0].request.budget_ms == 2000);
  CHECK(actions.completions.empty());
}

TEST_CASE("a job lost with a second worker fails its waiters", "[bus]") {
  JobScheduler s(options());
  for (const char* w : {"w1", "w2", "w3"}) s.worker_ready(w, ready(1, w), t0);
  s.submit(1, url(1), false, t0 + 5s, t0);
  const WorkerId first = s.take_actions().dispatches.at(0).worker;
  s.worker_disconnected(first, t0 + 10ms);
  auto retry = s.take_actions();
  REQUIRE(retry.dispatches.size() == 1);
  const WorkerId second = retry.dispatches[0].worker;
  CHECK(second != first);

  s.worker_disconnected(second, t0 + 20ms);
  auto failed = s.take_actions();
  CHECK(failed.dispatches.empty());
  REQUIRE(failed.completions.size() == 1);
  CHECK(failed.completions[0].result.error().kind == ErrorKind::kNoWorkers);
  CHECK(s.counters().retried == 1);
  CHECK(s.workers().size() == 1);
}

TEST_CASE("a waiter times out on its own deadline while the worker's credit stays taken", "[bus]") {
  JobScheduler s(options());
  s.worker_ready("w1", ready(1, "w1"), t0);
  s.submit(1, url(1), false, t0 + 1s, t0);
  const Dispatch d = s.take_actions().dispatches.at(0);

  s.worker_seen("w1", t0 + 900ms);
  s.tick(t0 + 1s);
  auto timed_out = s.take_actions();
  REQUIRE(timed_out.completions.size() == 1);
  CHECK(timed_out.completions[0].result.error().kind == ErrorKind::kDeadline);
  CHECK(s.counters().deadline_expiries == 1);
  CHECK(s.workers().in_flight() == 1);

  // Another request queues behind the held credit instead of overbooking w1.
  s.submit(2, url(2), false, t0 + 3s, t0 + 1100ms);
  CHECK(s.take_actions().dispatches.empty());
  CHECK(s.queued() == 1);
}

TEST_CASE("a late reply is counted and reported without waiters", "[bus]") {
  JobScheduler s(options());
  const Dispatch d = abandon_one_job(s);

  CHECK(s.reply("w1", d.job_id, reply_for(url(1)), t0 + 1500ms));
  auto late = s.take_actions();
  CHECK(late.completions.empty());
  REQUIRE(late.successes.size() == 1);
  CHECK_FALSE(late.successes[0].had_waiters);
  CHECK(late.successes[0].reply.url == url(1));
  CHECK(s.counters().late_replies == 1);
  CHECK(s.workers().in_flight() == 0);
}

TEST_CASE("a reply after the waiter's deadline, before any tick, is late and reported without waiters", "[bus]") {
  // The waiter's caller stopped waiting at its deadline and answered 504; the
  // reply must not count as delivered, or nobody writes its page to the index.
  JobScheduler s(options());
  s.worker_ready("w1", ready(1, "w1"), t0);
  s.submit(1, url(1), false, t0 + 1s, t0);
  const Dispatch d = s.take_actions().dispatches.at(0);

  CHECK(s.reply("w1", d.job_id, reply_for(url(1)), t0 + 1s));
  auto late = s.take_actions();
  REQUIRE(late.completions.size() == 1);
  CHECK(late.completions[0].result.error().kind == ErrorKind::kDeadline);
  REQUIRE(late.successes.size() == 1);
  CHECK_FALSE(late.successes[0].had_waiters);
  CHECK(s.counters().deadline_expiries == 1);
  CHECK(s.workers().in_flight() == 0);
}

TEST_CASE("a reply from an expired worker is accepted and the second reply counts as a duplicate", "[bus]") {
  JobScheduler s(options());
  s.worker_ready("w1", ready(1, "w1"), t0);
  s.worker_ready("w2", ready(1, "w2"), t0);
  const std::string u = url_owned_by(s, "w1");
  s.submit(1, u, false, t0 + 10s, t0);
  const Dispatch first = s.take_actions().dispatches.at(0);
  s.worker_seen("w2", t0 + 2500ms);
  s.tick(t0 + 3s);
  const Dispatch retry = s.take_actions().dispatches.at(0);
  REQUIRE(retry.worker == "w2");
  REQUIRE(retry.job_id == first.job_id);

  // w1 is unknown now (the caller answers REREGISTER) but its reply still counts.
  CHECK_FALSE(s.reply("w1", first.job_id, reply_for(u), t0 + 3100ms));
  auto answered = s.take_actions();
  REQUIRE(answered.completions.size() == 1);
  CHECK(answered.completions[0].result.ok());
  CHECK(s.workers().in_flight() == 1);  // w2 still holds the job

  CHECK(s.reply("w2", retry.job_id, reply_for(u), t0 + 3200ms));
  auto duplicate = s.take_actions();
  CHECK(duplicate.completions.empty());
  CHECK(duplicate.successes.empty());
  CHECK(s.counters().duplicate_replies == 1);
  CHECK(s.workers().in_flight() == 0);
}

TEST_CASE("a reply from a peer the job was never sent to is rejected, and the real one still answers", "[bus]") {
  // Before: replies were matched by job id from any peer, so a peer on the
  // bus port could answer another worker's job or write pages into the index.
  JobScheduler s(options());
  s.worker_ready("w1", ready(1, "w1"), t0);
  s.worker_ready("rogue", ready(1, "rogue"), t0);
  const std::string u = url_owned_by(s, "w1");
  s.submit(1, u, false, t0 + 5s, t0);
  const Dispatch d = s.take_actions().dispatches.at(0);
  REQUIRE(d.worker == "w1");

  CHECK(s.reply("rogue", d.job_id, Error::make(ErrorKind::kTargetStatus, "forged"), t0 + 100ms));
  CHECK_FALSE(s.reply("stranger", d.job_id, reply_for(u), t0 + 100ms));
  auto ignored = s.take_actions();
  CHECK(ignored.completions.empty());
  CHECK(ignored.successes.empty());
  CHECK(s.counters().rejected_replies == 2);

  CHECK(s.reply("w1", d.job_id, reply_for(u), t0 + 200ms));
  auto answered = s.take_actions();
  REQUIRE(answered.completions.size() == 1);
  CHECK(answered.completions[0].result.ok());
  CHECK(s.workers().in_flight() == 0);
}

TEST_CASE("a reply for a job id never issued writes nothing", "[bus]") {
  JobScheduler s(options());
  s.worker_ready("w1", ready(1, "w1"), t0);
  CHECK(s.reply("w1", "no-such-job", reply_for(url(1)), t0));
  CHECK_FALSE(s.reply("stranger", "", reply_for(url(2)), t0));
  CHECK(s.take_actions().successes.empty());
  CHECK(s.counters().rejected_replies == 2);
  CHECK(s.counters().late_replies == 0);
}

TEST_CASE("a late reply about another URL than its job's is not reported", "[bus]") {
  JobScheduler s(options());
  const Dispatch d = abandon_one_job(s);

  CHECK(s.reply("w1", d.job_id, reply_for(url(2)), t0 + 1500ms));
  CHECK(s.take_actions().successes.empty());
  CHECK(s.counters().late_replies == 1);
  CHECK(s.counters().malformed_messages == 1);
  CHECK(s.workers().in_flight() == 0);
}

TEST_CASE("coalesced waiters with time left get a fresh job when the shared job's budget runs out", "[bus]") {
  JobScheduler s(options());
  s.worker_ready("w1", ready(2, "w1"), t0);
  s.submit(1, url(1), false, t0 + 1s, t0);
  s.submit(2, url(1), false, t0 + 3s, t0);
  const Dispatch first = s.take_actions().dispatches.at(0);
  CHECK(first.request.budget_ms == 1000);

  s.worker_seen("w1", t0 + 900ms);
  s.tick(t0 + 1s);
  auto actions = s.take_actions();
  REQUIRE(actions.completions.size() == 1);
  CHECK(actions.completions[0].waiter == 1);
  CHECK(actions.completions[0].result.error().kind == ErrorKind::kDeadline);
  REQUIRE(actions.dispatches.size() == 1);
  CHECK(actions.dispatches[0].job_id != first.job_id);
  CHECK(actions.dispatches[0].request.budget_ms == 2000);
  CHECK(s.counters().renewed == 1);
  CHECK(s.workers().in_flight() == 2);  // the first job's credit is still taken
}

TEST_CASE("a worker's deadline reply gives later waiters a fresh job and other failures reach everyone", "[bus]") {
  JobScheduler s(options());
  s.worker_ready("w1", ready(4, "w1"), t0);
  s.submit(1, url(1), false, t0 + 1s, t0);
  s.submit(2, url(1), false, t0 + 3s, t0);
  const Dispatch first = s.take_actions().dispatches.at(0);
  s.reply("w1", first.job_id, Error::make(ErrorKind::kDeadline, "budget ran out"), t0 + 1s);
  auto renewed = s.take_actions();
  REQUIRE(renewed.completions.size() == 1);
  CHECK(renewed.completions[0].waiter == 1);
  REQUIRE(renewed.dispatches.size() == 1);

  s.submit(3, url(1), false, t0 + 3s, t0 + 1100ms);
  s.reply("w1", renewed.dispatches[0].job_id, Error::make(ErrorKind::kTargetStatus, "404"), t0 + 1200ms);
  auto failed = s.take_actions();
  REQUIRE(failed.completions.size() == 2);
  for (const auto& c : failed.completions) CHECK(c.result.error().kind == ErrorKind::kTargetStatus);
  CHECK(failed.successes.empty());
}

TEST_CASE("a deadline reply a little before the budget ends answers its requester and sends nothing again",
          "[bus]") {
  // libcurl's timer may fire a millisecond early: the job must not be renewed
  // for the requester whose budget it was.
  JobScheduler s(options());
  s.worker_ready("w1", ready(4, "w1"), t0);
  s.submit(1, url(1), false, t0 + 1s, t0);
  const Dispatch first = s.take_actions().dispatches.at(0);
  s.reply("w1", first.job_id, Error::make(ErrorKind::kDeadline, "budget ran out"), t0 + 998ms);
  auto actions = s.take_actions();
  REQUIRE(actions.completions.size() == 1);
  CHECK(actions.completions[0].waiter == 1);
  CHECK(actions.completions[0].result.error().kind == ErrorKind::kDeadline);
  CHECK(actions.dispatches.empty());
  CHECK(s.counters().renewed == 0);
  CHECK(s.workers().in_flight() == 0);
}

TEST_CASE("a waiter with too little time left for a fetch gets kDeadline with the job instead of a fresh one",
          "[bus]") {
  JobScheduler s(options());
  s.worker_ready("w1", ready(4, "w1"), t0);
  s.submit(1, url(1), false, t0 + 1s, t0);
  s.submit(2, url(1), false, t0 + 1s + 10ms, t0 + 10ms);  // joined 10 ms later
  s.submit(3, url(2), false, t0 + 1s, t0);
  s.submit(4, url(2), false, t0 + 1s + 10ms, t0 + 10ms);
  const auto first = s.take_actions().dispatches;
  REQUIRE(first.size() == 2);

  // Budget over by the worker's reply, and by the clock while the worker still holds the job.
  s.reply("w1", first[0].job_id, Error::make(ErrorKind::kDeadline, "budget ran out"), t0 + 1s);
  s.worker_seen("w1", t0 + 900ms);
  s.tick(t0 + 1s);
  auto actions = s.take_actions();
  CHECK(actions.completions.size() == 4);
  for (const auto& c : actions.completions) CHECK(c.result.error().kind == ErrorKind::kDeadline);
  CHECK(actions.dispatches.empty());
  CHECK(s.counters().renewed == 0);
}

TEST_CASE("an unroutable job is requeued at once without using its retry", "[bus]") {
  JobScheduler s(options());
  s.worker_ready("w1", ready(1, "w1"), t0);
  s.worker_ready("w2", ready(1, "w2"), t0);
  const std::string u = url_owned_by(s, "w1");
  s.submit(1, u, false, t0 + 5s, t0);
  const Dispatch d = s.take_actions().dispatches.at(0);
  s.unroutable("w1", d.job_id, t0 + 1ms);
  auto actions = s.take_actions();
  REQUIRE(actions.dispatches.size() == 1);
  CHECK(actions.dispatches[0].worker == "w2");
  CHECK(s.counters().unroutable == 1);
  CHECK(s.counters().retried == 0);

  // Its one retry is still there when w2 disappears, but no worker remains.
  s.worker_disconnected("w2", t0 + 2ms);
  auto gone = s.take_actions();
  REQUIRE(gone.completions.size() == 1);
  CHECK(gone.completions[0].result.error().kind == ErrorKind::kNoWorkers);
}

TEST_CASE("queued jobs are answered no_workers when the last worker goes", "[bus]") {
  JobScheduler s(options());
  s.worker_ready("w1", ready(1, "w1"), t0);
  s.submit(1, url(1), false, t0 + 5s, t0);
  s.submit(2, url(2), false, t0 + 5s, t0);
  s.take_actions();
  REQUIRE(s.queued() == 1);
  s.tick(t0 + 3s);
  auto actions = s.take_actions();
  CHECK(actions.completions.size() == 2);
  for (const auto& c : actions.completions) CHECK(c.result.error().kind == ErrorKind::kNoWorkers);
  CHECK(s.queued() == 0);
  CHECK(s.waiters() == 0);
}

TEST_CASE("the next deadline is the earliest waiter deadline or worker expiry", "[bus]") {
  JobScheduler s(options());
  CHECK_FALSE(s.next_deadline().has_value());
  s.worker_ready("w1", ready(1, "w1"), t0);
  CHECK(s.next_deadline() == t0 + 3s);
  s.submit(1, url(1), false, t0 + 500ms, t0);
  CHECK(s.next_deadline() == t0 + 500ms);
}

TEST_CASE("removing a worker moves only the URLs it owned", "[bus]") {
  WorkerRegistry registry(3000ms);
  for (const char* w : {"w1", "w2", "w3", "w4", "w5"}) registry.add(w, w, 1, t0);
  std::map<std::string, WorkerId> before;
  std::map<WorkerId, int> share;
  for (int i = 0; i < 500; ++i) {
    before[url(i)] = *registry.owner(url(i));
    ++share[before[url(i)]];
  }
  // Each of five workers owns a fair share (100 expected) of 500 URLs.
  for (const auto& [w, n] : share) CHECK(n > 50);
  registry.remove("w3");
  for (const auto& [u, owner] : before) {
    if (owner != "w3") CHECK(*registry.owner(u) == owner);
  }
}

TEST_CASE("queue wait is measured from a job's creation to its first dispatch", "[bus]") {
  JobScheduler s(options());
  s.worker_ready("w1", ready(1, "w1"), t0);
  s.submit(1, url(1), false, t0 + 10s, t0);  // sent at once: waited 0
  s.submit(2, url(2), false, t0 + 10s, t0);  // queued behind it
  const Dispatch first = s.take_actions().dispatches.at(0);
  CHECK(s.queue_wait().count == 1);
  CHECK(s.queue_wait().counts[0] == 1);

  s.reply("w1", first.job_id, reply_for(url(1)), t0 + 300ms);  // frees the credit: url(2) goes
  REQUIRE(s.take_actions().dispatches.size() == 1);
  CHECK(s.queue_wait().count == 2);
  CHECK(s.queue_wait().counts[histogram_bucket(0.3)] == 1);
  CHECK(s.queue_wait().sum_seconds == Approx(0.3));
}

TEST_CASE("a retried job is not counted as waiting again", "[bus]") {
  JobScheduler s(options());
  s.worker_ready("w1", ready(1, "w1"), t0);
  s.worker_ready("w2", ready(1, "w2"), t0);
  s.submit(1, url(1), false, t0 + 10s, t0);
  const Dispatch d = s.take_actions().dispatches.at(0);
  s.worker_disconnected(d.worker, t0 + 1s);
  REQUIRE(s.take_actions().dispatches.size() == 1);  // re-sent to the other worker
  CHECK(s.counters().retried == 1);
  CHECK(s.queue_wait().count == 1);
}

TEST_CASE("a job whose waiters all give up in the queue counts its wait", "[bus]") {
  JobScheduler s(options());
  s.worker_ready("w1", ready(1, "w1"), t0);
  s.submit(1, url(1), false, t0 + 10s, t0);  // takes the only credit
  s.submit(2, url(2), false, t0 + 2s, t0);   // queued, gives up at t0 + 2s
  s.take_actions();
  REQUIRE(s.queue_wait().count == 1);
  s.tick(t0 + 2s);
  const auto actions = s.take_actions();
  REQUIRE(actions.completions.size() == 1);
  CHECK(actions.completions[0].waiter == 2);
  CHECK(s.queue_wait().count == 2);
  CHECK(s.queue_wait().counts[histogram_bucket(2.0)] == 1);
}
