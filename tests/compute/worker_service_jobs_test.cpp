// The worker service's job flow over a real bus: answers, cache, refresh, and
// the fetch pool keeping slow sites apart from fast ones.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <future>

#include "test_site.h"
#include "worker_service_support.h"

using namespace tagwire;
using namespace tagwire::compute;
using namespace tagwire::compute::testing;

namespace {

const std::string kSourdough = "/sourdough-starter-basics.html";

std::int64_t unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TEST_CASE("a job for a sample page answers its title and scored tags", "[worker][integration]") {
  FolderSite site(TAGWIRE_SAMPLE_SITE);
  WorkerHarness harness;
  const std::int64_t before = unix_ms_now();
  const auto reply = harness.ask(site.url(kSourdough));
  REQUIRE(reply.ok());
  CHECK(reply->url == site.url(kSourdough));
  CHECK(reply->final_url == site.url(kSourdough));
  CHECK_THAT(reply->title, Catch::Contains("Sourdough Starter"));
  CHECK_FALSE(reply->cached);
  CHECK(reply->computed_at_ms >= before);
  CHECK(reply->computed_at_ms <= unix_ms_now());
  REQUIRE_FALSE(reply->tags.empty());
  const bool about_sourdough = std::any_of(reply->tags.begin(), reply->tags.end(), [](const bus::ReplyTag& tag) {
    return tag.tag.find("sourdough") != std::string::npos || tag.tag.find("starter") != std::string::npos;
  });
  CHECK(about_sourdough);
  for (const bus::ReplyTag& tag : reply->tags) {
    CHECK(tag.score > 0.0);
    CHECK((tag.source == "declared" || tag.source == "inferred"));
  }
  const WorkerCounters counters = harness.service().counters();
  CHECK(counters.jobs_received == 1);
  CHECK(counters.fetches == 1);
  CHECK(counters.engine_runs == 1);
  CHECK(counters.replies == 1);
}

TEST_CASE("a second job for a page is answered from the cache without fetching", "[worker][integration]") {
  FolderSite site(TAGWIRE_SAMPLE_SITE);
  WorkerHarness harness;
  const auto first = harness.ask(site.url(kSourdough));
  REQUIRE(first.ok());
  const auto second = harness.ask(site.url(kSourdough));
  REQUIRE(second.ok());
  CHECK(second->cached);
  CHECK(second->title == first->title);
  CHECK(second->computed_at_ms == first->computed_at_ms);
  REQUIRE(second->tags.size() == first->tags.size());
  CHECK(second->tags.front().tag == first->tags.front().tag);
  const WorkerCounters counters = harness.service().counters();
  CHECK(counters.cache_hits == 1);
  CHECK(counters.cache_misses == 1);
  CHECK(counters.fetches == 1);
  CHECK(counters.engine_runs == 1);
  CHECK(counters.cache_entries == 1);
}

TEST_CASE("a refresh job fetches and computes a cached page again", "[worker][integration]") {
  FolderSite site(TAGWIRE_SAMPLE_SITE);
  WorkerHarness harness;
  REQUIRE(harness.ask(site.url(kSourdough)).ok());
  const auto refreshed = harness.ask(site.url(kSourdough), /*refresh=*/true);
  REQUIRE(refreshed.ok());
  CHECK_FALSE(refreshed->cached);
  const WorkerCounters counters = harness.service().counters();
  CHECK(counters.refreshes == 1);
  CHECK(counters.fetches == 2);
  CHECK(counters.engine_runs == 2);
  CHECK(counters.cache_hits == 0);
}

TEST_CASE("a cached page is answered while the only CPU thread is busy", "[worker][integration]") {
  FolderSite site(TAGWIRE_SAMPLE_SITE);
  WorkerHarness harness(heavy_page_config());
  REQUIRE(harness.ask(site.url(kSourdough)).ok());
  auto heavy = std::async(std::launch::async, [&] { return harness.ask(site.url("/heavy"), false, 120s); });
  const auto give_up = std::chrono::steady_clock::now() + 10s;
  while (harness.service().counters().fetches < 2 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(5ms);
  }
  std::this_thread::sleep_for(100ms);  // let the heavy page reach the engine
  const auto asked = std::chrono::steady_clock::now();
  const auto cached = harness.ask(site.url(kSourdough));
  const auto took = std::chrono::steady_clock::now() - asked;
  REQUIRE(cached.ok());
  CHECK(cached->cached);
  CHECK(took < 500ms);
  CHECK(heavy.wait_for(120s) == std::future_status::ready);
}

TEST_CASE("a slow page does not delay a fast page fetched meanwhile", "[worker][integration]") {
  TestSite site;
  WorkerHarness harness;
  auto slow = std::async(std::launch::async, [&] { return harness.ask(site.url("/slow?ms=2000")); });
  const auto give_up = std::chrono::steady_clock::now() + 5s;
  while (harness.service().counters().fetches < 1 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(5ms);
  }
  const auto asked = std::chrono::steady_clock::now();
  const auto fast = harness.ask(site.url("/page"));
  const auto took = std::chrono::steady_clock::now() - asked;
  REQUIRE(fast.ok());
  CHECK(fast->title == "Test page");
  CHECK(took < 1000ms);
  CHECK(slow.wait_for(0ms) != std::future_status::ready);
  const auto slow_reply = slow.get();
  REQUIRE(slow_reply.ok());
  CHECK(slow_reply->title == "Test page");
}
