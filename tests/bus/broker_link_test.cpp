// Broker and WorkerLink over real sockets on ephemeral loopback ports:
// round trips, expiry and retry, a restarted broker, a saturated worker,
// version refusal, re-registration and shutdown.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "tagwire/bus/broker.h"
#include "raw_peer.h"
#include "tagwire/bus/worker_link.h"
#include "wait.h"

using namespace tagwire;
using namespace tagwire::bus;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using tagwire::testing::RawPeer;
using tagwire::testing::type_frame;
using tagwire::testing::wait_until;

namespace {

constexpr int kHeartbeatMs = 100;  // expiry after 3 × 100 ms keeps these tests short

BrokerOptions broker_options(std::string bind = "tcp://127.0.0.1:*") {
  BrokerOptions o;
  o.bind = std::move(bind);
  o.heartbeat_ms = kHeartbeatMs;
  o.liveness = 3;
  return o;
}

WorkerLinkOptions link_options(const std::string& endpoint, int capacity, std::string name) {
  WorkerLinkOptions o;
  o.connect = endpoint;
  o.capacity = capacity;
  o.name = std::move(name);
  o.heartbeat_ms = kHeartbeatMs;
  o.liveness = 3;
  o.reconnect_initial_ms = 100;
  o.reconnect_max_ms = 400;
  return o;
}

std::unique_ptr<Broker> start_broker(std::string bind = "tcp://127.0.0.1:*") {
  auto broker = Broker::start(broker_options(std::move(bind)));
  REQUIRE(broker.ok());
  return std::move(broker).value();
}

JobReply tags_for(const std::string& url, const std::string& worker) {
  JobReply r;
  r.url = url;
  r.final_url = url;
  r.title = "served by " + worker;
  r.tags = {{worker, 1.0, "inferred"}};
  r.computed_at_ms = 1;
  return r;
}

// A compute worker for tests: a real WorkerLink whose jobs are answered by a
// separate thread (the handler must not block), `hold` after each job arrived.
class TestWorker {
 public:
  TestWorker(const std::string& endpoint, std::string name, int capacity = 2,
             std::chrono::milliseconds hold = 0ms)
      : name_(std::move(name)), hold_(hold) {
    auto link = WorkerLink::start(link_options(endpoint, capacity, name_), [this](JobRequest job, std::string id) {
      std::lock_guard lock(mutex_);
      jobs_.push_back(Held{std::move(id), std::move(job), Clock::now() + hold_});
      cv_.notify_one();
    });
    REQUIRE(link.ok());
    link_ = std::move(link).value();
    replier_ = std::thread([this] { answer_jobs(); });
  }
  ~TestWorker() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    cv_.notify_one();
    replier_.join();
    link_->stop();
  }
  WorkerLink& link() { return *link_; }

 private:
  void answer_jobs() {
    std::unique_lock lock(mutex_);
    while (true) {
      cv_.wait(lock, [this] { return done_ || !jobs_.empty(); });
      if (done_) return;
      Held held = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      std::this_thread::sleep_until(held.reply_at);
      link_->reply(held.id, tags_for(held.job.url, name_));
      lock.lock();
    }
  }

  std::string name_;
  std::chrono::milliseconds hold_;
  std::unique_ptr<WorkerLink> link_;
  std::mutex mutex_;
  std::condition_variable cv_;
  struct Held {
    std::string id;
    JobRequest job;
    Clock::time_point reply_at;
  };
  std::deque<Held> jobs_;
  bool done_ = false;
  std::thread replier_;
};


}  // namespace

TEST_CASE("a job makes the round trip through the broker and a worker link", "[bus][integration]") {
  auto broker = start_broker();
  std::atomic<int> successes{0};
  std::atomic<bool> had_waiters{false};
  broker->on_success([&](const JobReply&, bool waiters) {
    had_waiters = waiters;
    ++successes;
  });
  TestWorker worker(broker->endpoint(), "alpha");
  REQUIRE(wait_until([&] { return broker->stats().workers == 1; }));
  CHECK(broker->stats().capacity == 2);

  auto reply = broker->call("http://example.com/a", false, Clock::now() + 3s);
  REQUIRE(reply.ok());
  CHECK(reply->url == "http://example.com/a");
  CHECK(reply->title == "served by alpha");
  REQUIRE(reply->tags.size() == 1);
  CHECK(reply->tags[0].tag == "alpha");
  CHECK(wait_until([&] { return successes == 1; }));
  CHECK(had_waiters);
  CHECK(wait_until([&] { return broker->stats().in_flight == 0; }));
  CHECK(wait_until([&] { return worker.link().stats().replies_sent == 1; }));  // counted after the send
  CHECK(wait_until([&] { return worker.link().stats().heartbeats_sent >= 1; }));
}

TEST_CASE("a call with no worker connected is answered no_workers at once", "[bus][integration]") {
  auto broker = start_broker();
  const auto started = Clock::now();
  auto reply = broker->call("http://example.com/a", false, Clock::now() + 3s);
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.error().kind == ErrorKind::kNoWorkers);
  CHECK(Clock::now() - started < 1s);
}

TEST_CASE("a worker that stops heartbeating expires and its job goes to another worker", "[bus][integration]") {
  auto broker = start_broker();
  RawPeer silent(broker->endpoint());
  silent.send({"TWB/1", type_frame(MessageType::kReady), "", encode_ready(Ready{1, "1.0", "silent"})});
  REQUIRE(wait_until([&] { return broker->stats().workers == 1; }));

  auto pending = std::async(std::launch::async, [&] {
    return broker->call("http://example.com/retry", false, Clock::now() + 5s);
  });
  auto job = silent.expect(MessageType::kJob);
  REQUIRE(job.has_value());
  CHECK(decode_job((*job)[3])->url == "http://example.com/retry");

  TestWorker rescuer(broker->endpoint(), "rescuer");
  auto reply = pending.get();
  REQUIRE(reply.ok());
  CHECK(reply->title == "served by rescuer");
  const auto stats = broker->stats();
  CHECK(stats.counters.expired_workers == 1);
  CHECK(stats.counters.retried == 1);
  CHECK(stats.workers == 1);
}

TEST_CASE("a reply whose body is not a REPLY fails its job at once and counts as malformed", "[bus][integration]") {
  auto broker = start_broker();
  RawPeer garbled(broker->endpoint());
  garbled.send({"TWB/1", type_frame(MessageType::kReady), "", encode_ready(Ready{1, "1.0", "garbled"})});
  REQUIRE(wait_until([&] { return broker->stats().workers == 1; }));

  const auto started = Clock::now();
  auto pending = std::async(std::launch::async, [&] {
    return broker->call("http://example.com/garbled", false, Clock::now() + 5s);
  });
  auto job = garbled.expect(MessageType::kJob);
  REQUIRE(job.has_value());
  garbled.send({"TWB/1", type_frame(MessageType::kReply), (*job)[2], "{\"ok\": true, \"tags\": 3}"});
  auto reply = pending.get();
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.error().kind == ErrorKind::kInternal);
  CHECK(reply.error().message.find("malformed reply") != std::string::npos);
  CHECK(Clock::now() - started < 4s);  // not the deadline
  CHECK(wait_until([&] { return broker->stats().counters.malformed_messages == 1; }));
  CHECK(broker->stats().in_flight == 0);  // its credit came back with the reply
}

TEST_CASE("a worker link serves a broker restarted on the same port", "[bus][integration]") {
  auto first = start_broker();
  const std::string endpoint = first->endpoint();
  TestWorker worker(endpoint, "steady");
  REQUIRE(wait_until([&] { return first->stats().workers == 1; }));
  REQUIRE(first->call("http://example.com/1", false, Clock::now() + 3s).ok());
  first.reset();

  auto second = start_broker(endpoint);
  REQUIRE(second->endpoint() == endpoint);
  REQUIRE(wait_until([&] { return second->stats().workers == 1; }, 10s));
  auto reply = second->call("http://example.com/2", false, Clock::now() + 3s);
  REQUIRE(reply.ok());
  CHECK(reply->title == "served by steady");
  CHECK(wait_until([&] { return worker.link().stats().readies_sent >= 2; }));
}

TEST_CASE("a saturated worker keeps heartbeating and is not expired", "[bus][integration]") {
  auto broker = start_broker();
  // Holds each job 5 s: more than 16 expiry periods of 300 ms.
  TestWorker busy(broker->endpoint(), "busy", 2, 5000ms);
  REQUIRE(wait_until([&] { return broker->stats().workers == 1; }));
  const auto started = Clock::now();
  auto a = std::async(std::launch::async, [&] { return broker->call("http://example.com/a", false, Clock::now() + 10s); });
  auto b = std::async(std::launch::async, [&] { return broker->call("http://example.com/b", false, Clock::now() + 10s); });
  REQUIRE(a.get().ok());
  REQUIRE(b.get().ok());
  CHECK(Clock::now() - started >= 5s);
  const auto stats = broker->stats();
  CHECK(stats.counters.expired_workers == 0);
  CHECK(stats.counters.retried == 0);
  CHECK(stats.workers == 1);
}

TEST_CASE("a worker of another major version is refused", "[bus][integration]") {
  auto broker = start_broker();
  RawPeer newer(broker->endpoint());
  newer.send({"TWB/2", type_frame(MessageType::kReady), "", encode_ready(Ready{1, "2.0", "newer"})});
  auto refused = newer.expect(MessageType::kRefused);
  REQUIRE(refused.has_value());
  CHECK(decode_refused((*refused)[3]).find("TWB/1") != std::string::npos);

  RawPeer mislabeled(broker->endpoint());
  mislabeled.send({"TWB/1", type_frame(MessageType::kReady), "", encode_ready(Ready{1, "2.3", "odd"})});
  REQUIRE(mislabeled.expect(MessageType::kRefused).has_value());
  CHECK(wait_until([&] { return broker->stats().counters.refused_workers == 2; }));
  CHECK(broker->stats().workers == 0);
}

TEST_CASE("a refused worker link backs off and tries again", "[bus][integration]") {
  RawPeer api("tcp://127.0.0.1:*", zmq::socket_type::router);
  TestWorker worker(api.endpoint(), "old");
  auto ready = api.expect(MessageType::kReady, 2);
  REQUIRE(ready.has_value());
  api.send({(*ready)[0], "TWB/1", type_frame(MessageType::kRefused), "", encode_refused("too old")});
  CHECK(wait_until([&] { return worker.link().stats().refusals == 1; }));
  // A new socket and a new READY after the back-off.
  REQUIRE(api.expect(MessageType::kReady, 2).has_value());
  CHECK(worker.link().stats().reconnects >= 1);
}

TEST_CASE("a burst of messages from an unknown worker gets one REREGISTER", "[bus][integration]") {
  auto options = broker_options("tcp://127.0.0.1:*");
  options.heartbeat_ms = 2000;  // the burst fits in one interval however slow the machine
  auto started = Broker::start(options);
  REQUIRE(started.ok());
  auto broker = std::move(started).value();
  RawPeer stranger(broker->endpoint());
  for (int i = 0; i < 5; ++i) stranger.send({"TWB/1", type_frame(MessageType::kHeartbeat), "", ""});
  REQUIRE(stranger.expect(MessageType::kReregister).has_value());
  CHECK(wait_until([&] { return broker->stats().counters.unknown_peer_messages == 5; }));
  CHECK_FALSE(stranger.expect(MessageType::kReregister, 1, 100ms).has_value());
}

TEST_CASE("an unknown worker's heartbeat is answered with REREGISTER", "[bus][integration]") {
  auto broker = start_broker();
  RawPeer stranger(broker->endpoint());
  stranger.send({"TWB/1", type_frame(MessageType::kHeartbeat), "", ""});
  REQUIRE(stranger.expect(MessageType::kReregister).has_value());
  CHECK(wait_until([&] { return broker->stats().counters.unknown_peer_messages == 1; }));
}

TEST_CASE("a job whose budget ran out is answered deadline by the link without the handler", "[bus][integration]") {
  RawPeer api("tcp://127.0.0.1:*", zmq::socket_type::router);
  std::atomic<int> handled{0};
  auto link = WorkerLink::start(link_options(api.endpoint(), 1, "late"), [&](JobRequest, std::string) { ++handled; });
  REQUIRE(link.ok());
  auto ready = api.expect(MessageType::kReady, 2);
  REQUIRE(ready.has_value());
  api.send({(*ready)[0], "TWB/1", type_frame(MessageType::kJob), "job-0", encode_job(JobRequest{"http://x/", false, 0})});
  auto reply = api.expect(MessageType::kReply, 2);
  REQUIRE(reply.has_value());
  CHECK((*reply)[3] == "job-0");
  auto decoded = decode_reply((*reply)[4]).outcome;
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.error().kind == ErrorKind::kDeadline);
  CHECK(handled == 0);
  CHECK((*link)->stats().jobs_expired_on_arrival == 1);
}

TEST_CASE("a worker link has a random routing id of its own and keeps it when it reconnects", "[bus][integration]") {
  // libzmq 4.3.4's ROUTER aborts when the id it would give the next anonymous
  // peer was already chosen by another; a worker with its own id cannot be
  // that next anonymous peer. The id outlives a reconnect, so replies kept
  // meanwhile come from the peer their jobs were sent to.
  RawPeer api("tcp://127.0.0.1:*", zmq::socket_type::router);
  std::vector<std::string> ids;
  std::vector<std::unique_ptr<WorkerLink>> links;
  for (const char* name : {"first", "second"}) {
    auto link = WorkerLink::start(link_options(api.endpoint(), 1, name), [](JobRequest, std::string) {});
    REQUIRE(link.ok());
    auto ready = api.expect(MessageType::kReady, 2);
    REQUIRE(ready.has_value());
    ids.push_back((*ready)[0]);
    links.push_back(std::move(link).value());
  }
  for (const std::string& id : ids) {
    INFO(id);
    CHECK(id.size() == 18);
    CHECK(id.rfind("w-", 0) == 0);
  }
  CHECK(ids[0] != ids[1]);
  // The API stays silent past the expiry time: each link reconnects with a new
  // socket and sends READY again, under the id it had.
  std::vector<std::string> again;
  for (int i = 0; i < 2; ++i) {
    auto ready = api.expect(MessageType::kReady, 2, 5s);
    REQUIRE(ready.has_value());
    again.push_back((*ready)[0]);
  }
  std::sort(ids.begin(), ids.end());
  std::sort(again.begin(), again.end());
  CHECK(again == ids);
  CHECK(links[0]->stats().reconnects >= 1);
}

TEST_CASE("a flood of REREGISTERs gets one READY per heartbeat interval", "[bus][integration]") {
  RawPeer api("tcp://127.0.0.1:*", zmq::socket_type::router);
  auto link = WorkerLink::start(link_options(api.endpoint(), 1, "flooded"), [](JobRequest, std::string) {});
  REQUIRE(link.ok());
  auto ready = api.expect(MessageType::kReady, 2);
  REQUIRE(ready.has_value());
  const auto before = (*link)->stats().readies_sent;
  for (int i = 0; i < 200; ++i) api.send({(*ready)[0], "TWB/1", type_frame(MessageType::kReregister), "", ""});
  REQUIRE(wait_until([&] { return (*link)->stats().readies_sent > before; }));  // the API did ask
  std::this_thread::sleep_for(std::chrono::milliseconds(2 * kHeartbeatMs));  // the rest of the burst is read
  // Two READYs an interval at most (and a reconnect's own); before: one for each of the 200.
  CHECK((*link)->stats().readies_sent - before <= 10);
}

TEST_CASE("a job handler that throws anything fails that job as internal and the link goes on", "[bus][integration]") {
  RawPeer api("tcp://127.0.0.1:*", zmq::socket_type::router);
  std::atomic<int> handled{0};
  auto link = WorkerLink::start(link_options(api.endpoint(), 1, "thrower"), [&](JobRequest, std::string) {
    if (++handled == 1) throw 42;  // not a std::exception: before, it ended the link's thread
    throw std::runtime_error("second");
  });
  REQUIRE(link.ok());
  auto ready = api.expect(MessageType::kReady, 2);
  REQUIRE(ready.has_value());
  for (const char* id : {"job-1", "job-2"}) {
    INFO(id);
    api.send({(*ready)[0], "TWB/1", type_frame(MessageType::kJob), id, encode_job(JobRequest{"http://x/", false, 1000})});
    auto reply = api.expect(MessageType::kReply, 2);
    REQUIRE(reply.has_value());
    CHECK((*reply)[3] == id);
    auto decoded = decode_reply((*reply)[4]).outcome;
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().kind == ErrorKind::kInternal);
  }
  CHECK(handled == 2);
}

TEST_CASE("a stopping worker link says DISCONNECT and the broker forgets it at once", "[bus][integration]") {
  auto broker = start_broker();
  auto worker = std::make_unique<TestWorker>(broker->endpoint(), "leaving");
  REQUIRE(wait_until([&] { return broker->stats().workers == 1; }));
  worker.reset();
  REQUIRE(wait_until([&] { return broker->stats().workers == 0; }, 250ms));
  CHECK(broker->stats().counters.disconnected_workers == 1);
  CHECK(broker->stats().counters.expired_workers == 0);
}

TEST_CASE("calls after shutdown and calls waiting at destruction get shutting_down", "[bus][integration]") {
  auto broker = start_broker();
  RawPeer holder(broker->endpoint());
  holder.send({"TWB/1", type_frame(MessageType::kReady), "", encode_ready(Ready{1, "1.0", "holder"})});
  REQUIRE(wait_until([&] { return broker->stats().workers == 1; }));
  auto waiting = std::async(std::launch::async, [&] {
    return broker->call("http://example.com/held", false, Clock::now() + 10s);
  });
  REQUIRE(holder.expect(MessageType::kJob).has_value());
  broker->shutdown();
  auto refused = broker->call("http://example.com/other", false, Clock::now() + 1s);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == ErrorKind::kShuttingDown);
  CHECK_FALSE(broker->stats().accepting);
  broker.reset();
  auto result = waiting.get();
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == ErrorKind::kShuttingDown);
}

TEST_CASE("a broker cannot bind an endpoint that is taken", "[bus][integration]") {
  auto first = start_broker();
  auto second = Broker::start(broker_options(first->endpoint()));
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().message.find(first->endpoint()) != std::string::npos);
}

TEST_CASE("a worker link reconnects with a new socket after the API was silent for the expiry time",
          "[bus][integration]") {
  auto first = start_broker();
  const std::string endpoint = first->endpoint();
  TestWorker worker(endpoint, "patient");
  REQUIRE(wait_until([&] { return first->stats().workers == 1; }));
  first.reset();
  // Silence of 3 × 100 ms makes the link drop its socket and back off.
  REQUIRE(wait_until([&] { return worker.link().stats().reconnects >= 1; }));

  auto second = start_broker(endpoint);
  REQUIRE(wait_until([&] { return second->stats().workers == 1; }, 10s));
  REQUIRE(second->call("http://example.com/again", false, Clock::now() + 3s).ok());
}
