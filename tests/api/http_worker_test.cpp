// The API with a compute worker on the bus: the worker's side is the real
// WorkerLink answering from a script (fixed tags after a delay, or the target
// failure the URL's path names), so these tests cover the HTTP layer's use of
// the broker and the tag index without fetching pages.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include <sys/resource.h>

#include <cctype>
#include <csignal>
#include <chrono>
#include <future>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "http_test_api.h"
#include "scripted_worker.h"
#include "query_escape.h"
#include "tagwire/common/log.h"

using namespace tagwire;
using namespace tagwire::api;
using tagwire::api::testing::parse_json;
using tagwire::api::testing::RunningApi;
using tagwire::api::testing::tags_path;
using tagwire::api::testing::ScriptedWorker;
using tagwire::api::testing::wait_until_ready;
using Clock = std::chrono::steady_clock;

TEST_CASE("readyz answers 200 once a worker is connected", "[http][integration]") {
  RunningApi api;
  ScriptedWorker worker(api.service().bus_endpoint(), std::chrono::milliseconds(0));
  wait_until_ready(api);
  CHECK(parse_json(api.client().Get("/readyz")->body)["status"].GetString() == std::string("ready"));
}

TEST_CASE("tags answers the worker's tags and urls finds the URL right after", "[http][integration]") {
  RunningApi api;
  ScriptedWorker worker(api.service().bus_endpoint(), std::chrono::milliseconds(0));
  wait_until_ready(api);

  auto tags = api.client().Get(tags_path("HTTP://Example.COM:80/a#frag"));
  REQUIRE(tags);
  REQUIRE(tags->status == 200);
  auto doc = parse_json(tags->body);
  CHECK(doc["url"].GetString() == std::string("http://example.com/a"));
  CHECK(doc["title"].GetString() == std::string("Scripted page"));
  CHECK(doc["computed_at"].GetString() == std::string("2024-05-01T12:00:00.123Z"));
  CHECK_FALSE(doc["cached"].GetBool());
  REQUIRE(doc["tags"].Size() == 2);
  CHECK(doc["tags"][0]["tag"].GetString() == std::string("sourdough starter"));

  // No wait: the answer was sent after the index write committed.
  auto urls = api.client().Get("/api/v1/urls?tag=Sourdough-Starters");
  REQUIRE(urls);
  auto found = parse_json(urls->body);
  REQUIRE(found["urls"].Size() == 1);
  CHECK(found["urls"][0].GetString() == std::string("http://example.com/a"));
}

TEST_CASE("GraphQL tags answers the tag names sorted alphabetically", "[http][graphql][integration]") {
  RunningApi api;
  ScriptedWorker worker(api.service().bus_endpoint(), std::chrono::milliseconds(0));
  wait_until_ready(api);
  auto res = api.client().Post("/api/v1/graph", "{ tags(url: \"http://example.com/a\") }", "application/graphql");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  auto doc = parse_json(res->body);
  REQUIRE(doc["data"]["tags"].Size() == 2);
  CHECK(doc["data"]["tags"][0].GetString() == std::string("bread"));
  CHECK(doc["data"]["tags"][1].GetString() == std::string("sourdough starter"));
}

TEST_CASE("a target's 4xx answers 422 and its 5xx answers 502 as target_status", "[http][integration]") {
  RunningApi api;
  ScriptedWorker worker(api.service().bus_endpoint(), std::chrono::milliseconds(0));
  wait_until_ready(api);
  auto gone = api.client().Get(tags_path("http://example.com/gone"));
  REQUIRE(gone);
  CHECK(gone->status == 422);
  CHECK(parse_json(gone->body)["error"]["type"].GetString() == std::string("target_status"));
  auto broken = api.client().Get(tags_path("http://example.com/broken"));
  REQUIRE(broken);
  CHECK(broken->status == 502);
  CHECK(parse_json(broken->body)["error"]["type"].GetString() == std::string("target_status"));
}

TEST_CASE("a worker's internal failure answers 500, logged with the request id, its cause kept from the client",
          "[http][integration]") {
  // Before: the worker's message (file paths, an SQL statement) went to the
  // client, and no line of the API's log named the request.
  std::ostringstream log_lines;
  LogOptions log_options;
  log_options.stream = &log_lines;
  REQUIRE(init_logging(log_options));
  {
    RunningApi api;
    ScriptedWorker worker(api.service().bus_endpoint(), std::chrono::milliseconds(0));
    wait_until_ready(api);
    auto rest = api.client().Get(tags_path("http://example.com/internal"), httplib::Headers{{"X-Request-Id", "req-rest"}});
    REQUIRE(rest);
    CHECK(rest->status == 500);
    CHECK(parse_json(rest->body)["error"]["type"].GetString() == std::string("internal"));
    CHECK(rest->body.find("secret-detail") == std::string::npos);
    auto graph = api.client().Post("/api/v1/graph", httplib::Headers{{"X-Request-Id", "req-graph"}},
                                   "{ tags(url: \"http://example.com/internal\") }", "application/graphql");
    REQUIRE(graph);
    CHECK(graph->status == 200);
    CHECK(parse_json(graph->body)["errors"][0]["extensions"]["type"].GetString() == std::string("internal"));
    CHECK(graph->body.find("secret-detail") == std::string::npos);
  }
  const std::string logged = log_lines.str();
  REQUIRE(init_logging(LogOptions{}));
  for (const char* id : {"req-rest", "req-graph"}) {
    INFO(id);
    const std::size_t line_start = logged.find(std::string("\"request_id\":\"") + id + "\"");
    REQUIRE(line_start != std::string::npos);
    const std::size_t begin = logged.rfind('\n', line_start);
    const std::string line = logged.substr(begin == std::string::npos ? 0 : begin + 1,
                                           logged.find('\n', line_start) - (begin == std::string::npos ? 0 : begin + 1));
    CHECK(line.find("secret-detail") != std::string::npos);
    CHECK(line.find("\"level\":\"error\"") != std::string::npos);
  }
}

TEST_CASE("tags fields of one GraphQL query wait on the broker concurrently", "[http][graphql][integration]") {
  constexpr auto kDelay = std::chrono::milliseconds(400);
  RunningApi api;
  ScriptedWorker worker(api.service().bus_endpoint(), kDelay);
  wait_until_ready(api);
  const std::string query =
      "{ a: tags(url: \"http://a.example/\") b: tags(url: \"http://b.example/\")"
      "  c: tags(url: \"http://c.example/\") d: tags(url: \"http://d.example/\") }";
  const auto start = Clock::now();
  auto res = api.client().Post("/api/v1/graph", query, "application/graphql");
  const auto elapsed = Clock::now() - start;
  REQUIRE(res);
  REQUIRE(res->status == 200);
  auto doc = parse_json(res->body);
  CHECK_FALSE(doc.HasMember("errors"));
  for (const char* key : {"a", "b", "c", "d"}) CHECK(doc["data"][key].Size() == 2);
  // One after another would take 4 × 400 ms.
  CHECK(elapsed < 2 * kDelay);
}

TEST_CASE("a reply after the deadline answers 504 and is still written to the index", "[http][integration]") {
  RunningApi api([](ApiConfig& c) { c.request_timeout_ms = 150; });
  ScriptedWorker worker(api.service().bus_endpoint(), std::chrono::milliseconds(500));
  wait_until_ready(api);
  auto late = api.client().Get(tags_path("http://late.example/"));
  REQUIRE(late);
  CHECK(late->status == 504);
  CHECK(parse_json(late->body)["error"]["type"].GetString() == std::string("deadline"));

  const auto give_up = Clock::now() + std::chrono::seconds(5);
  std::size_t found = 0;
  while (found == 0 && Clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    found = parse_json(api.client().Get("/api/v1/urls?tag=bread")->body)["urls"].Size();
  }
  CHECK(found == 1);
  std::uint64_t late_replies = 0;
  while (late_replies == 0 && Clock::now() < give_up) {
    late_replies = parse_json(api.client().Get("/debug/counters")->body)["broker"]["late_replies"].GetUint64();
  }
  CHECK(late_replies == 1);
}

TEST_CASE("shutdown lets a request in flight finish with its answer", "[http][integration]") {
  RunningApi api;
  ScriptedWorker worker(api.service().bus_endpoint(), std::chrono::milliseconds(400));
  wait_until_ready(api);
  auto in_flight = std::async(std::launch::async, [&] { return api.client().Get(tags_path("http://slow.example/")); });
  // Shut down while the request waits on the worker.
  const auto give_up = Clock::now() + std::chrono::seconds(5);
  while (Clock::now() < give_up &&
         parse_json(api.client().Get("/debug/counters")->body)["broker"]["waiters"].GetUint64() == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  api.service().shutdown();
  auto res = in_flight.get();
  REQUIRE(res);
  CHECK(res->status == 200);
}

TEST_CASE("a warm answer repeating a committed reply does not write the index again", "[http][integration]") {
  // With the API's answer cache off every request reaches the worker, as after a TTL.
  RunningApi api([](ApiConfig& c) { c.answer_cache_ttl = std::chrono::milliseconds(0); });
  ScriptedWorker worker(api.service().bus_endpoint(), std::chrono::milliseconds(0));
  wait_until_ready(api);
  const auto pages_put = [&] {
    return parse_json(api.client().Get("/debug/counters")->body)["index"]["pages_put"].GetUint64();
  };

  // The scripted worker answers every request with the same computed_at_ms,
  // as a worker's cache does.
  REQUIRE(api.client().Get(tags_path("http://example.com/warm"))->status == 200);
  REQUIRE(pages_put() == 1);
  for (int i = 0; i < 3; ++i) REQUIRE(api.client().Get(tags_path("http://example.com/warm"))->status == 200);
  CHECK(pages_put() == 1);

  // Another page is still written, and found at once.
  REQUIRE(api.client().Get(tags_path("http://example.com/other"))->status == 200);
  CHECK(pages_put() == 2);
  auto found = parse_json(api.client().Get("/api/v1/urls?tag=bread")->body);
  CHECK(found["urls"].Size() == 2);
}

namespace {

// While alive, no write of this process to a file succeeds (RLIMIT_FSIZE of
// 0: a write fails with EFBIG, the signal ignored), as on a full disk.
class FileWritesFail {
 public:
  FileWritesFail() {
    ::getrlimit(RLIMIT_FSIZE, &saved_);
    previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit blocked = saved_;
    blocked.rlim_cur = 0;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &blocked) == 0);
  }
  ~FileWritesFail() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_handler_);
  }

 private:
  rlimit saved_{};
  void (*previous_handler_)(int) = nullptr;
};

}  // namespace

TEST_CASE("a page whose commit failed on a full disk is committed once the disk takes writes again",
          "[http][integration]") {
  // Before: the failed commit failed the page for good, and it was missing
  // from urls(tag) until (and unless) its answer came again.
  RunningApi api([](ApiConfig& c) { c.answer_cache_ttl = std::chrono::milliseconds(0); });
  ScriptedWorker worker(api.service().bus_endpoint(), std::chrono::milliseconds(0));
  wait_until_ready(api);
  const auto index_counter = [&](const char* name) {
    return parse_json(api.client().Get("/debug/counters")->body)["index"][name].GetUint64();
  };
  const auto wait_for = [&](auto done) {
    const auto give_up = Clock::now() + std::chrono::seconds(10);
    while (!done() && Clock::now() < give_up) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return done();
  };
  {
    FileWritesFail full_disk;
    REQUIRE(api.client().Get(tags_path("http://example.com/unlucky"))->status == 200);
    REQUIRE(wait_for([&] { return index_counter("commit_retries") >= 1; }));
    // Still queued, and seen meanwhile.
    CHECK(parse_json(api.client().Get("/api/v1/urls?tag=bread")->body)["urls"].Size() == 1);
    CHECK(api.client().Get("/readyz")->status == 503);
  }
  REQUIRE(wait_for([&] { return index_counter("pages_written") == 1 && index_counter("pending_writes") == 0; }));
  CHECK(index_counter("failed_writes") == 0);
  auto found = parse_json(api.client().Get("/api/v1/urls?tag=bread")->body);
  REQUIRE(found["urls"].Size() == 1);
  CHECK(std::string(found["urls"][0].GetString()) == "http://example.com/unlucky");
  CHECK(wait_for([&] { return api.client().Get("/readyz")->status == 200; }));
}

namespace {

std::uint64_t jobs_sent(RunningApi& api) {
  return parse_json(api.client().Get("/debug/counters")->body)["broker"]["jobs_sent"].GetUint64();
}

// GET tags for `url`; REQUIREs a 200 and returns the parsed body.
rapidjson::Document tags_answer(RunningApi& api, const std::string& url, bool refresh = false) {
  auto res = api.client().Get(tags_path(url) + (refresh ? "&refresh=true" : ""));
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return parse_json(res->body);
}

}  // namespace

TEST_CASE("a tags answer is repeated within the answer cache TTL without a job", "[http][integration]") {
  RunningApi api([](ApiConfig& c) { c.answer_cache_ttl = std::chrono::minutes(1); });
  ScriptedWorker worker(api.service().bus_endpoint(), std::chrono::milliseconds(0));
  wait_until_ready(api);
  auto first = tags_answer(api, "http://example.com/hot");
  CHECK_FALSE(first["cached"].GetBool());
  const auto jobs = jobs_sent(api);

  // Any spelling of the same URL is the same entry.
  auto again = tags_answer(api, "HTTP://example.com:80/hot#top");
  CHECK(again["cached"].GetBool());
  CHECK(again["url"] == first["url"]);
  CHECK(again["tags"] == first["tags"]);
  CHECK(again["computed_at"] == first["computed_at"]);
  CHECK(jobs_sent(api) == jobs);
  CHECK(parse_json(api.client().Get("/debug/counters")->body)["http"]["answer_cache_hits"].GetUint64() == 1);

  // refresh goes past it to the worker.
  (void)tags_answer(api, "http://example.com/hot", true);
  CHECK(jobs_sent(api) == jobs + 1);
}

TEST_CASE("an answer older than the answer cache TTL asks the worker again", "[http][integration]") {
  RunningApi api([](ApiConfig& c) { c.answer_cache_ttl = std::chrono::milliseconds(50); });
  ScriptedWorker worker(api.service().bus_endpoint(), std::chrono::milliseconds(0));
  wait_until_ready(api);
  (void)tags_answer(api, "http://example.com/ttl");
  const auto jobs = jobs_sent(api);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  (void)tags_answer(api, "http://example.com/ttl");
  CHECK(jobs_sent(api) == jobs + 1);
}

TEST_CASE("with the answer cache off every tags request sends a job", "[http][integration]") {
  RunningApi api([](ApiConfig& c) { c.answer_cache_ttl = std::chrono::milliseconds(0); });
  ScriptedWorker worker(api.service().bus_endpoint(), std::chrono::milliseconds(0));
  wait_until_ready(api);
  const auto jobs = jobs_sent(api);
  for (int i = 0; i < 3; ++i) (void)tags_answer(api, "http://example.com/cold");
  CHECK(jobs_sent(api) == jobs + 3);
}

TEST_CASE("a failed tags answer is not repeated by the answer cache", "[http][integration]") {
  RunningApi api([](ApiConfig& c) { c.answer_cache_ttl = std::chrono::minutes(1); });
  ScriptedWorker worker(api.service().bus_endpoint(), std::chrono::milliseconds(0));
  wait_until_ready(api);
  const auto jobs = jobs_sent(api);
  for (int i = 0; i < 2; ++i) CHECK(api.client().Get(tags_path("http://example.com/gone"))->status == 422);
  CHECK(jobs_sent(api) == jobs + 2);
}
