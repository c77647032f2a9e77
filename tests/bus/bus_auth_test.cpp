// CURVE authentication on the bus, over real loopback sockets: a worker whose
// key is in the API's allow-list is served; any other peer (another key, the
// wrong server key, no CURVE at all) never registers and is counted, and a
// refused worker link backs off instead of letting libzmq retry at once. The
// allow-list can be replaced while the broker runs: an added key gets in, a
// removed key's connected worker is dropped and its jobs go elsewhere.
#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "tagwire/bus/broker.h"
#include "tagwire/bus/curve_keys.h"
#include "tagwire/bus/worker_link.h"
#include "wait.h"

using namespace tagwire;
using namespace tagwire::bus;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using tagwire::testing::wait_until;

namespace {

constexpr int kHeartbeatMs = 100;

CurveKeyPair key_pair() {
  auto pair = new_key_pair();
  REQUIRE(pair.ok());
  return std::move(pair).value();
}

BrokerOptions broker_options(std::optional<CurveServerKeys> curve) {
  BrokerOptions o;
  o.bind = "tcp://127.0.0.1:*";
  o.heartbeat_ms = kHeartbeatMs;
  o.liveness = 3;
  o.curve = std::move(curve);
  return o;
}

std::unique_ptr<Broker> start_broker(std::optional<CurveServerKeys> curve) {
  auto broker = Broker::start(broker_options(std::move(curve)));
  REQUIRE(broker.ok());
  return std::move(broker).value();
}

// An API whose allow-list holds `allowed`.
std::unique_ptr<Broker> start_keyed_broker(const CurveKeyPair& api, std::vector<std::string> allowed) {
  return start_broker(CurveServerKeys{api.secret_key, std::move(allowed)});
}

WorkerLinkOptions link_options(const std::string& endpoint, std::string name, std::optional<CurveClientKeys> curve,
                               int reconnect_initial_ms = 100, int reconnect_max_ms = 400) {
  WorkerLinkOptions o;
  o.connect = endpoint;
  o.capacity = 2;
  o.name = std::move(name);
  o.heartbeat_ms = kHeartbeatMs;
  o.liveness = 3;
  o.reconnect_initial_ms = reconnect_initial_ms;
  o.reconnect_max_ms = reconnect_max_ms;
  o.curve = std::move(curve);
  return o;
}

// A worker link that answers every job at once, "served by <name>", from the
// link thread itself (reply() never blocks). Jobs come only after the test
// saw the worker register, so the link is stored by then.
class AnsweringWorker {
 public:
  explicit AnsweringWorker(WorkerLinkOptions options) {
    const std::string name = options.name;
    auto link = WorkerLink::start(std::move(options), [this, name](JobRequest job, std::string id) {
      JobReply reply;
      reply.url = job.url;
      reply.final_url = job.url;
      reply.title = "served by " + name;
      reply.tags = {{name, 1.0, "inferred"}};
      reply.computed_at_ms = 1;
      link_.load()->reply(id, reply);
    });
    REQUIRE(link.ok());
    owned_ = std::move(link).value();
    link_ = owned_.get();
  }
  WorkerLink& link() { return *owned_; }

 private:
  std::atomic<WorkerLink*> link_{nullptr};
  std::unique_ptr<WorkerLink> owned_;
};

// A worker link that takes every job and never answers.
std::unique_ptr<WorkerLink> holding_worker(WorkerLinkOptions options) {
  auto link = WorkerLink::start(std::move(options), [](JobRequest, std::string) {});
  REQUIRE(link.ok());
  return std::move(link).value();
}

// A DEALER without CURVE that says READY, as a worker of before would.
class PlainPeer {
 public:
  explicit PlainPeer(const std::string& endpoint) : socket_(context_, zmq::socket_type::dealer) {
    socket_.set(zmq::sockopt::linger, 0);
    socket_.connect(endpoint);
    const std::string type(1, static_cast<char>(MessageType::kReady));
    const std::string ready = encode_ready(Ready{4, "1.0", "plain"});
    std::vector<zmq::const_buffer> frames{zmq::str_buffer("TWB/1"), zmq::buffer(type), zmq::str_buffer(""),
                                          zmq::buffer(ready)};
    REQUIRE(zmq::send_multipart(socket_, frames, zmq::send_flags::dontwait));
  }

 private:
  zmq::context_t context_;
  zmq::socket_t socket_;
};

}  // namespace

TEST_CASE("a worker whose key is in the allow-list registers over CURVE and a job makes the round trip",
          "[bus][auth][integration]") {
  const CurveKeyPair api = key_pair();
  const CurveKeyPair worker_keys = key_pair();
  auto broker = start_keyed_broker(api, {key_pair().public_key, worker_keys.public_key});
  AnsweringWorker worker(link_options(broker->endpoint(), "keyed", CurveClientKeys{api.public_key, worker_keys.secret_key}));
  REQUIRE(wait_until([&] { return broker->stats().workers == 1; }));

  auto reply = broker->call("http://example.com/keyed", false, Clock::now() + 3s);
  REQUIRE(reply.ok());
  CHECK(reply->title == "served by keyed");
  CHECK(broker->stats().counters.unauthenticated_peers == 0);
  CHECK(worker.link().stats().handshake_failures == 0);
}

TEST_CASE("a worker with a valid key pair that is not in the allow-list never registers and is counted",
          "[bus][auth][integration]") {
  const CurveKeyPair api = key_pair();
  const CurveKeyPair unlisted = key_pair();
  auto broker = start_keyed_broker(api, {key_pair().public_key});
  AnsweringWorker stranger(link_options(broker->endpoint(), "stranger", CurveClientKeys{api.public_key, unlisted.secret_key}));

  CHECK_FALSE(wait_until([&] { return broker->stats().workers > 0; }, 1500ms));
  CHECK(broker->stats().counters.unauthenticated_peers > 0);
  CHECK(stranger.link().stats().handshake_failures > 0);  // the link heard why, and backs off
  CHECK(stranger.link().stats().heartbeats_received == 0);
  auto reply = broker->call("http://example.com/stranger", false, Clock::now() + 1s);
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.error().kind == ErrorKind::kNoWorkers);
}

TEST_CASE("a peer without CURVE that says READY never registers and the allowed worker is still served",
          "[bus][auth][integration]") {
  const CurveKeyPair api = key_pair();
  const CurveKeyPair worker_keys = key_pair();
  auto broker = start_keyed_broker(api, {worker_keys.public_key});
  AnsweringWorker allowed(link_options(broker->endpoint(), "allowed", CurveClientKeys{api.public_key, worker_keys.secret_key}));
  REQUIRE(wait_until([&] { return broker->stats().workers == 1; }));

  PlainPeer plain(broker->endpoint());
  REQUIRE(wait_until([&] { return broker->stats().counters.unauthenticated_peers > 0; }));
  CHECK_FALSE(wait_until([&] { return broker->stats().workers > 1; }, 1000ms));
  for (const char* url : {"http://example.com/1", "http://example.com/2", "http://example.com/3"}) {
    auto reply = broker->call(url, false, Clock::now() + 3s);
    REQUIRE(reply.ok());
    CHECK(reply->title == "served by allowed");
  }
  CHECK(broker->stats().workers == 1);
}

TEST_CASE("a worker link without keys fails its handshake with an API that has keys, and backs off",
          "[bus][auth][integration]") {
  auto broker = start_keyed_broker(key_pair(), {key_pair().public_key});
  AnsweringWorker plain(link_options(broker->endpoint(), "plain", std::nullopt));
  REQUIRE(wait_until([&] { return plain.link().stats().handshake_failures > 0; }));
  CHECK(broker->stats().workers == 0);
  CHECK(wait_until([&] { return broker->stats().counters.unauthenticated_peers > 0; }));
}

TEST_CASE("a worker link with keys fails its handshake with an API without keys", "[bus][auth][integration]") {
  auto broker = start_broker(std::nullopt);
  const CurveKeyPair worker_keys = key_pair();
  AnsweringWorker keyed(link_options(broker->endpoint(), "keyed", CurveClientKeys{key_pair().public_key, worker_keys.secret_key}));
  REQUIRE(wait_until([&] { return keyed.link().stats().handshake_failures > 0; }));
  CHECK(broker->stats().workers == 0);
  CHECK(broker->stats().counters.unauthenticated_peers == 0);  // counted only by an API with keys
}

TEST_CASE("a worker link with the wrong server key backs off rather than let libzmq retry every 100 ms",
          "[bus][auth][integration]") {
  // The API hangs up on a HELLO it cannot decrypt; libzmq alone would try
  // again after its 100 ms reconnect interval, over and over (14 times in 2 s
  // with WorkerLink's watch_handshake() emptied: tests-bus "[auth]"). The link
  // drops its socket instead and waits 500 ms, then 1 s.
  // Its liveness is long enough (3 s) that its silence rule cannot be what
  // makes it back off.
  const CurveKeyPair api = key_pair();
  const CurveKeyPair worker_keys = key_pair();
  auto broker = start_keyed_broker(api, {worker_keys.public_key});
  WorkerLinkOptions options = link_options(broker->endpoint(), "lost",
                                           CurveClientKeys{key_pair().public_key, worker_keys.secret_key}, 500, 1000);
  options.liveness = 30;
  AnsweringWorker lost(std::move(options));
  std::this_thread::sleep_for(2s);
  const std::uint64_t refused = broker->stats().counters.unauthenticated_peers;
  INFO("handshakes refused in 2 s: " << refused);
  CHECK(refused >= 1);
  CHECK(refused <= 5);
  CHECK(lost.link().stats().handshake_failures >= 1);
  CHECK(lost.link().stats().reconnects <= 3);
  CHECK(broker->stats().workers == 0);
}

TEST_CASE("a broker refuses CURVE keys that are not Z85, without quoting the secret one", "[bus][auth]") {
  const CurveKeyPair api = key_pair();
  const std::string not_a_key = api.secret_key.substr(0, 39) + "~";
  auto bad_secret = Broker::start(broker_options(CurveServerKeys{not_a_key, {key_pair().public_key}}));
  REQUIRE_FALSE(bad_secret.ok());
  CHECK(bad_secret.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(bad_secret.error().message, Catch::Contains("secret key"));
  CHECK(bad_secret.error().message.find(not_a_key.substr(0, 10)) == std::string::npos);

  auto bad_allowed = Broker::start(broker_options(CurveServerKeys{api.secret_key, {key_pair().public_key, "short"}}));
  REQUIRE_FALSE(bad_allowed.ok());
  CHECK(bad_allowed.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(bad_allowed.error().message, Catch::Contains("allowed worker key 2"));
}

TEST_CASE("a worker link refuses CURVE keys that are not Z85", "[bus][auth]") {
  const CurveKeyPair pair = key_pair();
  auto no_handler = [](JobRequest, std::string) {};
  auto bad_server = WorkerLink::start(
      link_options("tcp://127.0.0.1:1", "w", CurveClientKeys{"not a key", pair.secret_key}), no_handler);
  REQUIRE_FALSE(bad_server.ok());
  CHECK(bad_server.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(bad_server.error().message, Catch::Contains("API's public key"));

  auto bad_secret = WorkerLink::start(
      link_options("tcp://127.0.0.1:1", "w", CurveClientKeys{pair.public_key, pair.secret_key.substr(1)}), no_handler);
  REQUIRE_FALSE(bad_secret.ok());
  CHECK(bad_secret.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(bad_secret.error().message, Catch::Contains("secret key"));
}

TEST_CASE("a key added to the allow-list while the broker runs lets its worker in", "[bus][auth][integration]") {
  const CurveKeyPair api = key_pair();
  const CurveKeyPair late = key_pair();
  auto broker = start_keyed_broker(api, {key_pair().public_key});
  AnsweringWorker worker(link_options(broker->endpoint(), "late", CurveClientKeys{api.public_key, late.secret_key}));
  REQUIRE(wait_until([&] { return worker.link().stats().handshake_failures > 0; }));
  CHECK(broker->stats().workers == 0);

  REQUIRE(broker->replace_allowed_workers({late.public_key}, 2s).ok());
  // The link retries after its back-off (at most reconnect_max_ms, 400 ms).
  REQUIRE(wait_until([&] { return broker->stats().workers == 1; }));
  auto reply = broker->call("http://example.com/late", false, Clock::now() + 3s);
  REQUIRE(reply.ok());
  CHECK(reply->title == "served by late");
}

TEST_CASE("a key removed from the allow-list drops its connected worker and its job goes to another",
          "[bus][auth][integration]") {
  const CurveKeyPair api = key_pair();
  const CurveKeyPair kept = key_pair();
  const CurveKeyPair revoked = key_pair();
  auto broker = start_keyed_broker(api, {kept.public_key, revoked.public_key});
  auto holder =
      holding_worker(link_options(broker->endpoint(), "revoked", CurveClientKeys{api.public_key, revoked.secret_key}));
  REQUIRE(wait_until([&] { return broker->stats().workers == 1; }));
  // The only worker takes the job and sits on it.
  auto pending = std::async(std::launch::async, [&] {
    return broker->call("http://example.com/held", false, Clock::now() + 10s);
  });
  REQUIRE(wait_until([&] { return broker->stats().in_flight == 1; }));
  AnsweringWorker other(link_options(broker->endpoint(), "kept", CurveClientKeys{api.public_key, kept.secret_key}));
  REQUIRE(wait_until([&] { return broker->stats().workers == 2; }));

  REQUIRE(broker->replace_allowed_workers({kept.public_key}, 2s).ok());
  // Dropped at its next heartbeat (100 ms); the job is re-sent to the other.
  REQUIRE(pending.wait_for(5s) == std::future_status::ready);
  auto reply = pending.get();
  REQUIRE(reply.ok());
  CHECK(reply->title == "served by kept");
  CHECK(broker->stats().workers == 1);
  CHECK(broker->stats().counters.retried == 1);
  CHECK(broker->stats().counters.revoked_key_messages > 0);
  // Its link hears nothing more, reconnects, and the handshake refuses it.
  CHECK(wait_until([&] { return holder->stats().handshake_failures > 0; }));
  CHECK(broker->stats().workers == 1);
}

TEST_CASE("a broker refuses an allow-list it cannot use", "[bus][auth][integration]") {
  auto plain = start_broker(std::nullopt);
  Status no_keys = plain->replace_allowed_workers({key_pair().public_key}, 2s);
  REQUIRE_FALSE(no_keys.ok());
  CHECK(no_keys.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(no_keys.error().message, Catch::Contains("without authentication"));

  const CurveKeyPair api = key_pair();
  const CurveKeyPair worker_keys = key_pair();
  auto keyed = start_keyed_broker(api, {worker_keys.public_key});
  Status bad_key = keyed->replace_allowed_workers({worker_keys.public_key, "short"}, 2s);
  REQUIRE_FALSE(bad_key.ok());
  CHECK(bad_key.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(bad_key.error().message, Catch::Contains("allowed worker key 2"));
  // The list in force is still the first one.
  AnsweringWorker worker(
      link_options(keyed->endpoint(), "listed", CurveClientKeys{api.public_key, worker_keys.secret_key}));
  CHECK(wait_until([&] { return keyed->stats().workers == 1; }));
}
