// The TWB/1 wire format: frames and bodies survive a round trip, and
// malformed input is refused with a reason.
#include <catch2/catch.hpp>

#include "tagwire/bus/protocol.h"

using namespace tagwire;
using namespace tagwire::bus;

TEST_CASE("an envelope survives a round trip through frames", "[bus]") {
  Envelope in{kProtocolMajor, MessageType::kJob, "job-1", "{\"url\":\"x\"}"};
  auto frames = to_frames(in);
  REQUIRE(frames.size() == 4);
  CHECK(frames[0] == "TWB/1");
  CHECK(frames[1] == std::string(1, '\x03'));
  auto out = parse_frames(frames);
  REQUIRE(out.ok());
  CHECK(out->major == 1);
  CHECK(out->type == MessageType::kJob);
  CHECK(out->job_id == "job-1");
  CHECK(out->body == in.body);
}

TEST_CASE("frames that are not TWB are refused and another major version is reported", "[bus]") {
  CHECK_FALSE(parse_frames({"TWB/1", "\x02", ""}).ok());
  CHECK_FALSE(parse_frames({"HTTP/1", "\x02", "", ""}).ok());
  CHECK_FALSE(parse_frames({"TWB/1", "\x09", "", ""}).ok());
  CHECK_FALSE(parse_frames({"TWB/x", "\x02", "", ""}).ok());
  auto v2 = parse_frames({"TWB/2", "\x01", "", "{}"});
  REQUIRE(v2.ok());
  CHECK(v2->major == 2);
}

TEST_CASE("a READY body round-trips and a capacity below one is refused", "[bus]") {
  auto ready = decode_ready(encode_ready(Ready{8, "1.0", "host-a"}));
  REQUIRE(ready.ok());
  CHECK(ready->capacity == 8);
  CHECK(ready->version == "1.0");
  CHECK(ready->worker == "host-a");
  CHECK(version_major(ready->version) == 1);
  CHECK(version_major("x.1") == -1);
  CHECK(decode_ready("{\"capacity\":0,\"version\":\"1.0\"}").error().kind == ErrorKind::kBadRequest);
  CHECK_FALSE(decode_ready("not json").ok());
}

TEST_CASE("a JOB body round-trips with its budget", "[bus]") {
  auto job = decode_job(encode_job(JobRequest{"http://example.com/", true, 4321}));
  REQUIRE(job.ok());
  CHECK(job->url == "http://example.com/");
  CHECK(job->refresh);
  CHECK(job->budget_ms == 4321);
  CHECK_FALSE(decode_job("{\"url\":\"x\"}").ok());
}

TEST_CASE("a successful REPLY round-trips with its tags", "[bus]") {
  JobReply in;
  in.url = "http://example.com/a";
  in.final_url = "https://example.com/a";
  in.title = "A \"quoted\" title";
  in.tags = {{"message bus", 0.75, "inferred"}, {"zeromq", 1.0, "declared"}};
  in.computed_at_ms = 1714560000123;
  in.cached = true;
  auto decoded = decode_reply(encode_reply(in));
  CHECK(decoded.well_formed);
  auto& out = decoded.outcome;
  REQUIRE(out.ok());
  CHECK(out->url == in.url);
  CHECK(out->final_url == in.final_url);
  CHECK(out->title == in.title);
  REQUIRE(out->tags.size() == 2);
  CHECK(out->tags[0].tag == "message bus");
  CHECK(out->tags[0].score == Approx(0.75));
  CHECK(out->tags[1].source == "declared");
  CHECK(out->computed_at_ms == 1714560000123);
  CHECK(out->cached);
}

TEST_CASE("a failure REPLY comes back as the worker's error kind", "[bus]") {
  auto body = encode_reply(Error::make(ErrorKind::kNotHtml, "image/png"));
  CHECK(body == R"({"ok":false,"error":{"type":"not_html","message":"image/png"}})");
  auto decoded = decode_reply(body);
  CHECK(decoded.well_formed);
  REQUIRE_FALSE(decoded.outcome.ok());
  CHECK(decoded.outcome.error().kind == ErrorKind::kNotHtml);
  CHECK(decoded.outcome.error().message == "image/png");
  // A worker's own internal error is a well-formed failure, not a malformed body.
  CHECK(decode_reply(encode_reply(Error::make(ErrorKind::kInternal, "engine bug"))).well_formed);
}

TEST_CASE("a malformed REPLY is an internal error and says it is malformed", "[bus]") {
  for (const char* body : {"{\"ok\":true}", "not json", "", "{\"ok\":false}", "[1]"}) {
    auto decoded = decode_reply(body);
    CHECK_FALSE(decoded.well_formed);
    REQUIRE_FALSE(decoded.outcome.ok());
    CHECK(decoded.outcome.error().kind == ErrorKind::kInternal);
    CHECK(decoded.outcome.error().message.rfind("malformed reply", 0) == 0);
  }
}

TEST_CASE("a REFUSED body carries its reason", "[bus]") {
  CHECK(decode_refused(encode_refused("speak TWB/1")) == "speak TWB/1");
}

TEST_CASE("a target_status failure carries the site's HTTP status across the bus", "[bus][protocol]") {
  const auto decoded = tagwire::bus::decode_reply(
      tagwire::bus::encode_reply(tagwire::Error::target(503, "site answered 503"))).outcome;
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.error().kind == tagwire::ErrorKind::kTargetStatus);
  CHECK(decoded.error().target_status == 503);
  CHECK(decoded.error().message == "site answered 503");
}

TEST_CASE("a REPLY with more tags than any worker sends is malformed, and a JOB's budget is capped", "[bus]") {
  JobReply big;
  big.url = "http://example.com/";
  big.final_url = big.url;
  for (std::size_t i = 0; i <= kMaxReplyTags; ++i) big.tags.push_back({"t" + std::to_string(i), 0.5, "inferred"});
  auto decoded = decode_reply(encode_reply(big));
  CHECK_FALSE(decoded.well_formed);
  REQUIRE_FALSE(decoded.outcome.ok());
  CHECK(decoded.outcome.error().kind == ErrorKind::kInternal);
  big.tags.resize(kMaxReplyTags);
  CHECK(decode_reply(encode_reply(big)).outcome.ok());

  // A budget past an hour would overflow the worker's now + budget.
  auto job = decode_job(encode_job(JobRequest{"http://example.com/", false, INT64_MAX}));
  REQUIRE(job.ok());
  CHECK(job->budget_ms == kMaxBudgetMs);
}
