// What the broker does with a peer's input it should not trust (bus
// authentication is off by default, so any local peer can act as a worker):
// replies whose values break the protocol, oversized READY fields, and what
// it logs about them and about workers that go silent.
#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <sstream>
#include <string>

#include "json_line.h"
#include "raw_peer.h"
#include "tagwire/bus/broker.h"
#include "tagwire/common/log.h"
#include "wait.h"

using namespace tagwire;
using namespace tagwire::bus;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using tagwire::testing::parse_json_line;
using tagwire::testing::RawPeer;
using tagwire::testing::type_frame;
using tagwire::testing::wait_until;

namespace {

constexpr int kHeartbeatMs = 100;

std::unique_ptr<Broker> start_broker() {
  BrokerOptions o;
  o.bind = "tcp://127.0.0.1:*";
  o.heartbeat_ms = kHeartbeatMs;
  o.liveness = 3;
  auto broker = Broker::start(o);
  REQUIRE(broker.ok());
  return std::move(broker).value();
}

// Sends the process's log lines to a string while alive. Read lines() only
// once every thread that logs (the broker's) has stopped.
class CapturedLog {
 public:
  CapturedLog() {
    LogOptions options;
    options.stream = &lines_;
    REQUIRE(init_logging(options));
  }
  ~CapturedLog() { (void)init_logging(LogOptions{}); }
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    std::istringstream in(lines_.str());
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

 private:
  std::ostringstream lines_;
};

std::string field(const rapidjson::Document& line, const char* name) {
  auto it = line.FindMember(name);
  if (it == line.MemberEnd()) return {};
  if (it->value.IsString()) return it->value.GetString();
  if (it->value.IsUint64()) return std::to_string(it->value.GetUint64());
  return "?";
}

}  // namespace

TEST_CASE("a fake worker's success reply with values outside the protocol fails its job and is never indexed",
          "[bus][integration]") {
  auto broker = start_broker();
  std::atomic<int> indexed{0};
  broker->on_success([&](const JobReply&, bool) { ++indexed; });
  RawPeer fake(broker->endpoint());
  fake.send({"TWB/1", type_frame(MessageType::kReady), "", encode_ready(Ready{1, "1.0", "fake"})});
  REQUIRE(wait_until([&] { return broker->stats().workers == 1; }));

  const std::string url = "http://example.com/chaos";
  auto pending = std::async(std::launch::async, [&] { return broker->call(url, false, Clock::now() + 5s); });
  auto job = fake.expect(MessageType::kJob);
  REQUIRE(job.has_value());
  // What the chaos test sent: every value its own defect.
  const std::string body = R"J({"ok":true,"url":")J" + url +
                           R"J(","final_url":"javascript:alert(1)","title":"t",)J"
                           R"J("tags":[{"tag":"","score":1e308,"source":"x"}],"computed_at_ms":-99999999999999,"cached":false})J";
  fake.send({"TWB/1", type_frame(MessageType::kReply), (*job)[2], body});

  auto reply = pending.get();
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.error().kind == ErrorKind::kInternal);
  CHECK(reply.error().message.find("malformed reply") != std::string::npos);
  CHECK(wait_until([&] { return broker->stats().counters.malformed_messages == 1; }));
  CHECK(broker->stats().in_flight == 0);  // its credit came back with the reply
  CHECK(indexed == 0);
}

TEST_CASE("a READY with a 500 KB worker name is malformed and no log line repeats it", "[bus][integration]") {
  CapturedLog log;
  {
    auto broker = start_broker();
    RawPeer peer(broker->endpoint());
    const std::string huge(500 * 1024, 'n');
    peer.send({"TWB/1", type_frame(MessageType::kReady), "", encode_ready(Ready{1, "1.0", huge})});
    peer.send({"TWB/1", type_frame(MessageType::kReady), "", encode_ready(Ready{1, "1." + huge, "host"})});
    CHECK(wait_until([&] { return broker->stats().counters.malformed_messages == 2; }));
    CHECK(broker->stats().workers == 0);
    // A garbled reply's job id is logged too, and a peer picks its length.
    peer.send({"TWB/1", type_frame(MessageType::kReady), "", encode_ready(Ready{1, "1.0", "host"})});
    REQUIRE(wait_until([&] { return broker->stats().workers == 1; }));
    peer.send({"TWB/1", type_frame(MessageType::kReply), huge, "not json"});
    CHECK(wait_until([&] { return broker->stats().counters.malformed_messages == 3; }));
  }
  bool logged = false;
  for (const std::string& line : log.lines()) {
    INFO(line.substr(0, 300));
    CHECK(line.size() < 2048);
    logged = logged || line.find("malformed READY") != std::string::npos;
  }
  CHECK(logged);
}

TEST_CASE("a worker that misses its heartbeats is logged as expired with the jobs it held", "[bus][integration]") {
  CapturedLog log;
  {
    auto broker = start_broker();
    RawPeer sleeper(broker->endpoint());  // like a worker SIGSTOPped past its liveness
    sleeper.send({"TWB/1", type_frame(MessageType::kReady), "", encode_ready(Ready{2, "1.0", "sleeper"})});
    REQUIRE(wait_until([&] { return broker->stats().workers == 1; }));
    auto first = std::async(std::launch::async, [&] {
      return broker->call("http://example.com/1", false, Clock::now() + 5s);
    });
    auto second = std::async(std::launch::async, [&] {
      return broker->call("http://example.com/2", false, Clock::now() + 5s);
    });
    REQUIRE(sleeper.expect(MessageType::kJob).has_value());
    REQUIRE(sleeper.expect(MessageType::kJob).has_value());
    CHECK(wait_until([&] { return broker->stats().counters.expired_workers == 1; }));
    // No worker is left to retry them.
    CHECK(first.get().error().kind == ErrorKind::kNoWorkers);
    CHECK(second.get().error().kind == ErrorKind::kNoWorkers);
  }
  int expiries = 0;
  for (const std::string& line : log.lines()) {
    if (line.find("worker expired") == std::string::npos) continue;
    ++expiries;
    const rapidjson::Document parsed = parse_json_line(line);
    CHECK(field(parsed, "level") == "warn");
    CHECK(field(parsed, "name") == "sleeper");
    CHECK(field(parsed, "jobs") == "2");
    CHECK_FALSE(field(parsed, "worker").empty());
  }
  CHECK(expiries == 1);
}
