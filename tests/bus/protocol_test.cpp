// The TWB/1 wire format: frames and bodies survive a round trip, and
// malformed input is refused with a reason.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tagwire/bus/protocol.h"
#include "tagwire/common/tag_text.h"

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

namespace {

// A success body as a worker sends it, with `field` replaced by `json` (raw JSON text).
std::string success_body_with(const std::string& field, const std::string& json) {
  std::map<std::string, std::string> fields = {
      {"url", R"("http://example.com/a")"},
      {"final_url", R"("https://example.com/a")"},
      {"title", R"("A title")"},
      {"tags", R"([{"tag":"bread","score":0.5,"source":"inferred"}])"},
      {"computed_at_ms", "1714560000123"},
      {"cached", "false"},
  };
  if (json.empty()) {
    fields.erase(field);
  } else {
    fields[field] = json;
  }
  std::string body = R"({"ok":true)";
  for (const auto& [key, value] : fields) body += ",\"" + key + "\":" + value;
  return body + "}";
}

std::string one_tag(const std::string& tag, const std::string& score, const std::string& source) {
  return "[{\"tag\":" + tag + ",\"score\":" + score + ",\"source\":" + source + "}]";
}

}  // namespace

TEST_CASE("a success REPLY whose values break the protocol's rules is malformed", "[bus]") {
  REQUIRE(decode_reply(success_body_with("cached", "false")).well_formed);  // the baseline is valid
  const std::string long_tag = "\"" + std::string(kMaxTagBytes + 1, 'a') + "\"";
  const std::string long_title = "\"" + std::string(513, 'a') + "\"";
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"tags", one_tag(R"("")", "1", R"("declared")")},                 // a tag without a name
      {"tags", one_tag(long_tag, "0.5", R"("inferred")")},              // longer than kMaxTagBytes
      {"tags", one_tag("\"caf\xC3\"", "0.5", R"("inferred")")},         // not UTF-8 (cut sequence)
      {"tags", one_tag("\"\xFF\xFE\"", "0.5", R"("inferred")")},        // not UTF-8
      {"tags", one_tag("\"\xED\xA0\x80\"", "0.5", R"("inferred")")},    // a surrogate
      {"tags", one_tag("\"\xC0\xAF\"", "0.5", R"("inferred")")},        // an overlong encoding
      {"tags", one_tag(R"("bread")", "1e308", R"("inferred")")},        // score out of [0, 1]
      {"tags", one_tag(R"("bread")", "1.0000001", R"("inferred")")},
      {"tags", one_tag(R"("bread")", "-0.01", R"("inferred")")},
      {"tags", one_tag(R"("bread")", "\"0.5\"", R"("inferred")")},      // not a number
      {"tags", one_tag(R"("bread")", "0.5", R"("x")")},                 // an unknown source
      {"tags", one_tag(R"("bread")", "0.5", R"("")")},
      {"tags", R"([{"tag":"bread","score":0.5}])"},                     // no source
      {"final_url", R"J("javascript:alert(1)")J"},                      // not http(s)
      {"final_url", R"("/relative/path")"},
      {"final_url", R"("")"},
      {"final_url", R"("https://example.com/a b")"},                   // a space
      {"final_url", ""},                                                // missing
      {"url", R"("ftp://example.com/a")"},
      {"title", long_title},                                            // past the engine's 512-byte cut
      {"title", "\"\xFF\""},                                            // not UTF-8
      {"title", "3"},
      {"computed_at_ms", "-36000000000000"},                            // -0889: before the epoch
      {"computed_at_ms", "-1"},
      {"computed_at_ms", "253402300800000"},                            // past 9999-12-31T23:59:59.999Z
      {"computed_at_ms", "\"1714560000123\""},
      {"computed_at_ms", "1.5"},
      {"computed_at_ms", ""},                                           // missing
      {"cached", "\"yes\""},
  };
  for (const auto& [field, json] : bad) {
    const std::string body = success_body_with(field, json);
    INFO(body.substr(0, 300));
    const DecodedReply decoded = decode_reply(body);
    CHECK_FALSE(decoded.well_formed);
    REQUIRE_FALSE(decoded.outcome.ok());
    CHECK(decoded.outcome.error().kind == ErrorKind::kInternal);
    CHECK(decoded.outcome.error().message.rfind("malformed reply", 0) == 0);
    // The reason names the defect without repeating what the peer sent at length.
    CHECK(decoded.outcome.error().message.size() < 400);
  }
}

TEST_CASE("a success REPLY at the edges of the protocol's rules is well formed", "[bus]") {
  const std::vector<std::pair<std::string, std::string>> good = {
      {"tags", one_tag("\"" + std::string(kMaxTagBytes, 'a') + "\"", "0", R"("declared")")},
      {"tags", one_tag("\"\xC3\xA9t\xC3\xA9 \xF0\x9F\x8D\x9E\"", "1", R"("inferred")")},  // "été 🍞"
      {"tags", "[]"},
      {"title", "\"" + std::string(512, 'a') + "\""},
      {"title", R"("")"},
      {"final_url", R"("HTTP://Example.com:80/b?q=1#frag")"},  // any absolute http(s) URL, normalized or not
      {"final_url", R"("https://user:pw@example.com/b")"},      // where a site's redirect pointed: not refused
      {"final_url", "\"https://b\u00fccher.example/\""},       // a host in Unicode, as a Location may give it
      {"computed_at_ms", "0"},
      {"computed_at_ms", "253402300799999"},
      {"cached", ""},
  };
  for (const auto& [field, json] : good) {
    const std::string body = success_body_with(field, json);
    INFO(body.substr(0, 300));
    const DecodedReply decoded = decode_reply(body);
    CHECK(decoded.well_formed);
    CHECK(decoded.outcome.ok());
  }
}

TEST_CASE("a READY with an overlong worker name or version is malformed and its error does not repeat it", "[bus]") {
  const std::string huge(500 * 1024, 'n');
  const auto named = decode_ready(encode_ready(Ready{1, "1.0", huge}));
  REQUIRE_FALSE(named.ok());
  CHECK(named.error().kind == ErrorKind::kBadRequest);
  CHECK(named.error().message.size() < 200);
  CHECK_FALSE(decode_ready(encode_ready(Ready{1, "1.0", std::string(129, 'n')})).ok());
  CHECK_FALSE(decode_ready(encode_ready(Ready{1, "1.0", "bad\xFF"})).ok());
  CHECK(decode_ready(encode_ready(Ready{1, "1.0", std::string(128, 'n')})).ok());
  CHECK(decode_ready(encode_ready(Ready{1, "1.0", ""})).ok());  // unnamed: routed by its identity

  const auto versioned = decode_ready(encode_ready(Ready{1, "1." + huge, "host"}));
  REQUIRE_FALSE(versioned.ok());
  CHECK(versioned.error().message.size() < 200);
}

TEST_CASE("a body nested a million levels deep is malformed, not a stack overflow", "[bus]") {
  const std::string deep(static_cast<std::size_t>(kMaxFrameBytes), '[');
  const DecodedReply reply = decode_reply(deep);
  CHECK_FALSE(reply.well_formed);
  CHECK_FALSE(decode_ready(deep).ok());
  CHECK_FALSE(decode_job(deep).ok());
  CHECK(decode_refused(deep).size() == deep.size());
  // Balanced and inside a valid object: parsed, then refused for what it holds.
  const std::string half(kMaxFrameBytes / 4, '[');
  const std::string nested = R"({"ok":true,"url":"http://a.test/","final_url":"http://a.test/","title":"",)"
                             R"("computed_at_ms":1,"tags":[)" +
                             half + std::string(half.size(), ']') + "]}";
  CHECK_FALSE(decode_reply(nested).well_formed);
}

TEST_CASE("a failure REPLY's message is cut to the protocol's limit on a character boundary", "[bus]") {
  const std::string message = "x" + std::string(kMaxReplyErrorMessageBytes, '\xC3') + "\xA9";  // not UTF-8 either
  std::string long_utf8 = "x";
  while (long_utf8.size() <= kMaxReplyErrorMessageBytes) long_utf8 += "\xC3\xA9";  // é
  const auto decoded = decode_reply(encode_reply(Error::make(ErrorKind::kTargetUnreachable, long_utf8)));
  CHECK(decoded.well_formed);
  REQUIRE_FALSE(decoded.outcome.ok());
  CHECK(decoded.outcome.error().kind == ErrorKind::kTargetUnreachable);
  CHECK(decoded.outcome.error().message.size() == kMaxReplyErrorMessageBytes - 1);  // "x" + whole "é"s
  CHECK(decoded.outcome.error().message.back() == '\xA9');
  CHECK(decode_reply(encode_reply(Error::make(ErrorKind::kNotHtml, message))).well_formed);
}
