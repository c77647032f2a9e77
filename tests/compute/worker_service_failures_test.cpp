// The worker service's failures over a real bus: target statuses, the address
// policy, bad URLs, hard pages, and draining on stop.
#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <set>

#include "test_site.h"
#include "worker_service_support.h"

using namespace tagwire;
using namespace tagwire::compute;
using namespace tagwire::compute::testing;

TEST_CASE("a page answering 404 fails as target_status naming 404 first", "[worker][integration]") {
  TestSite site;
  WorkerHarness harness;
  const auto reply = harness.ask(site.url("/status/404"));
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.error().kind == ErrorKind::kTargetStatus);
  // The API chooses 422 or 502 by the reply's target_status; the message, for
  // people, names the status first, before any number in the URL.
  CHECK(reply.error().target_status == 404);
  CHECK_THAT(reply.error().message, Catch::StartsWith("target answered HTTP 404"));
  const auto unavailable = harness.ask(site.url("/status/503"));
  REQUIRE_FALSE(unavailable.ok());
  CHECK(unavailable.error().target_status == 503);
  CHECK_THAT(unavailable.error().message, Catch::StartsWith("target answered HTTP 503"));
  const WorkerCounters counters = harness.service().counters();
  CHECK(counters.fetch_errors == 2);
  CHECK(counters.fetch_errors_by_type.at("target_status") == 2);
  CHECK(counters.engine_runs == 0);
}

TEST_CASE("a failed fetch is remembered for the error TTL, and refresh retries it", "[worker][integration]") {
  TestSite site;
  WorkerHarness harness;
  REQUIRE_FALSE(harness.ask(site.url("/status/404")).ok());
  const auto again = harness.ask(site.url("/status/404"));
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().kind == ErrorKind::kTargetStatus);
  CHECK(harness.service().counters().fetches == 1);
  CHECK(harness.service().counters().cache_hits == 1);
  REQUIRE_FALSE(harness.ask(site.url("/status/404"), /*refresh=*/true).ok());
  CHECK(harness.service().counters().fetches == 2);
}

TEST_CASE("a failed fetch is not remembered when the error TTL is zero", "[worker][integration]") {
  TestSite site;
  WorkerConfig config = test_worker_config();
  config.error_cache_ttl = std::chrono::milliseconds(0);
  WorkerHarness harness(config);
  REQUIRE_FALSE(harness.ask(site.url("/status/404")).ok());
  REQUIRE_FALSE(harness.ask(site.url("/status/404")).ok());
  CHECK(harness.service().counters().fetches == 2);
}

TEST_CASE("binary data served as HTML fails as not_html, counted and remembered as a fetch's",
          "[worker][integration]") {
  // It used to answer junk tags, which the API filed in its index.
  TestSite site;
  WorkerHarness harness;
  for (const std::string path : {"/binary", "/binary?charset=utf-16"}) {
    INFO(path);
    const auto reply = harness.ask(site.url(path));
    REQUIRE_FALSE(reply.ok());
    CHECK(reply.error().kind == ErrorKind::kNotHtml);
    CHECK_THAT(reply.error().message, Catch::Contains("binary data") && Catch::Contains(site.url(path)));
    const auto again = harness.ask(site.url(path));
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().kind == ErrorKind::kNotHtml);
  }
  const WorkerCounters counters = harness.service().counters();
  CHECK(counters.fetches == 2);
  CHECK(counters.cache_hits == 2);
  CHECK(counters.fetch_errors_by_type.at("not_html") == 2);
  CHECK(counters.engine_runs == 2);
  REQUIRE(harness.ask(site.url("/page")).ok());  // and pages are still tagged
}

TEST_CASE("a loopback page without an allow-private exception fails as blocked_address", "[worker][integration]") {
  TestSite site;
  WorkerHarness harness(test_worker_config(/*allow_private=*/""));
  const auto reply = harness.ask(site.url("/page"));
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.error().kind == ErrorKind::kBlockedAddress);
  CHECK_THAT(reply.error().message, Catch::Contains("127.0.0.1"));
  CHECK(harness.service().counters().fetch_errors_by_type.at("blocked_address") == 1);
}

TEST_CASE("a job whose URL is not http or https fails as invalid_url without a fetch", "[worker][integration]") {
  WorkerHarness harness;
  const auto reply = harness.broker().call("ftp://example.org/file", false, std::chrono::steady_clock::now() + 5s);
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.error().kind == ErrorKind::kInvalidUrl);
  CHECK(harness.service().counters().fetches == 0);
  CHECK(harness.service().counters().jobs_refused == 1);
}

TEST_CASE("a page that keeps the engine busy leaves the worker answering", "[worker][integration]") {
  FolderSite site(TAGWIRE_SAMPLE_SITE);
  WorkerHarness harness(heavy_page_config());
  const auto started = std::chrono::steady_clock::now();
  const auto heavy = harness.ask(site.url("/heavy"), false, 120s);
  const auto took = std::chrono::steady_clock::now() - started;
  WARN("heavy page answered in " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");
  // Tagged, or failed as our bug; either way an answer, and the worker lives on.
  if (heavy.ok()) {
    CHECK(heavy->title == "Heavy");
  } else {
    INFO(heavy.error().message);
    CHECK(heavy.error().kind == ErrorKind::kInternal);
  }
  CHECK(harness.broker().stats().workers == 1);
  const auto next = harness.ask(site.url("/sourdough-starter-basics.html"));
  REQUIRE(next.ok());
  CHECK_FALSE(next->tags.empty());
  CHECK(harness.service().counters().link.heartbeats_sent > 0);
}

TEST_CASE("stopping the worker finishes a job in flight, then disconnects", "[worker][integration]") {
  TestSite site;
  WorkerHarness harness;
  auto slow = std::async(std::launch::async, [&] { return harness.ask(site.url("/slow?ms=700")); });
  const auto give_up = std::chrono::steady_clock::now() + 5s;
  while (harness.service().counters().fetches < 1 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(5ms);
  }
  harness.stop_worker();
  const auto reply = slow.get();
  REQUIRE(reply.ok());
  CHECK(reply->title == "Test page");
  const auto gone = std::chrono::steady_clock::now() + 2s;
  while (harness.broker().stats().workers != 0 && std::chrono::steady_clock::now() < gone) {
    std::this_thread::sleep_for(5ms);
  }
  CHECK(harness.broker().stats().workers == 0);
}

TEST_CASE("when the drain time is up a running engine call is given up and waiting pages are answered",
          "[worker][integration]") {
  FolderSite site(TAGWIRE_SAMPLE_SITE);
  WorkerConfig config = heavy_page_config();
  config.drain_timeout = std::chrono::milliseconds(50);
  WorkerHarness harness(config);
  auto first = std::async(std::launch::async, [&] { return harness.ask(site.url("/long"), false, 20s); });
  auto second = std::async(std::launch::async, [&] { return harness.ask(site.url("/long?again"), false, 20s); });
  const auto give_up = std::chrono::steady_clock::now() + 60s;
  while (harness.service().counters().engine_starts < 1 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(1ms);
  }
  // One page is in the engine (about a second); the other waits for the only
  // CPU thread or is still being fetched.
  REQUIRE(harness.service().counters().engine_starts == 1);
  const auto stopping = std::chrono::steady_clock::now();
  const bool answered_all = harness.service().stop();
  CHECK(std::chrono::steady_clock::now() - stopping < 900ms);  // the drain time and a grace, not the engine calls
  CHECK_FALSE(answered_all);
  CHECK(harness.service().stop() == answered_all);  // idempotent
  CHECK(harness.service().counters().engine_starts == 1);
  // The waiting page is answered shutting_down; the one in the engine is given
  // up, so the broker finds it lost with the worker and has no other to send it to.
  std::multiset<ErrorKind> kinds;
  for (auto* answer : {&first, &second}) {
    const auto reply = answer->get();
    REQUIRE_FALSE(reply.ok());
    kinds.insert(reply.error().kind);
  }
  CHECK(kinds == std::multiset<ErrorKind>{ErrorKind::kShuttingDown, ErrorKind::kNoWorkers});
}

TEST_CASE("a job still fetching when the drain time is up fails as shutting_down", "[worker][integration]") {
  TestSite site;
  WorkerConfig config = test_worker_config();
  config.drain_timeout = std::chrono::milliseconds(200);
  WorkerHarness harness(config);
  auto slow = std::async(std::launch::async, [&] { return harness.ask(site.url("/slow?ms=5000")); });
  const auto give_up = std::chrono::steady_clock::now() + 5s;
  while (harness.service().counters().fetches < 1 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(5ms);
  }
  const auto stopping = std::chrono::steady_clock::now();
  harness.stop_worker();
  CHECK(std::chrono::steady_clock::now() - stopping < 2s);
  const auto reply = slow.get();
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.error().kind == ErrorKind::kShuttingDown);
}
