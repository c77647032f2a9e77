// The worker service's cache over a real bus: a failed refresh against a good
// answer, and a page whose budget runs out before the engine.
#include <catch2/catch.hpp>

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "test_site.h"
#include "worker_service_support.h"

using namespace tagwire;
using namespace tagwire::compute;
using namespace tagwire::compute::testing;

namespace {

// One page, /article, answering with whatever status the test sets (200: the
// test page; any other: an error page).
class SwitchableSite {
 public:
  SwitchableSite() {
    server_.Get("/article", [this](const httplib::Request&, httplib::Response& res) {
      res.status = status_.load();
      res.set_content(res.status == 200 ? kPage : "<p>error page</p>", "text/html");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("switchable site could not bind 127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    const auto give_up = std::chrono::steady_clock::now() + 5s;
    while (!server_.is_running() && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(5ms);
  }
  ~SwitchableSite() {
    server_.stop();
    thread_.join();
  }
  SwitchableSite(const SwitchableSite&) = delete;
  SwitchableSite& operator=(const SwitchableSite&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/article"; }
  void answer(int status) { status_ = status; }

 private:
  httplib::Server server_;
  std::atomic<int> status_{200};
  int port_ = 0;
  std::thread thread_;
};

// Polls until `done` holds or `limit` passes.
template <typename Predicate>
bool wait_until(Predicate done, std::chrono::milliseconds limit) {
  const auto give_up = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(2ms);
  return done();
}

}  // namespace

TEST_CASE("a refresh that meets a 5xx answers it but leaves the good answer cached", "[worker][integration]") {
  SwitchableSite site;
  WorkerHarness harness;
  const auto good = harness.ask(site.url());
  REQUIRE(good.ok());
  site.answer(503);
  const auto refreshed = harness.ask(site.url(), /*refresh=*/true);
  REQUIRE_FALSE(refreshed.ok());
  CHECK(refreshed.error().target_status == 503);
  const auto again = harness.ask(site.url());
  REQUIRE(again.ok());
  CHECK(again->cached);
  CHECK(again->title == good->title);
  CHECK(again->computed_at_ms == good->computed_at_ms);
}

TEST_CASE("a refresh that meets a 404 replaces the good answer", "[worker][integration]") {
  SwitchableSite site;
  WorkerHarness harness;
  REQUIRE(harness.ask(site.url()).ok());
  site.answer(404);
  REQUIRE_FALSE(harness.ask(site.url(), /*refresh=*/true).ok());
  const auto again = harness.ask(site.url());
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().target_status == 404);
  CHECK(harness.service().counters().cache_hits == 1);
}

TEST_CASE("a page whose budget runs out while it waits for the CPU thread never enters the engine",
          "[worker][integration]") {
  FolderSite site(TAGWIRE_SAMPLE_SITE);
  // One CPU thread; capacity and the per-host fetch limit are 4, so the
  // page's fetch does not wait behind the long pages' fetches. Three long
  // pages (about 150 ms of engine each in a release build, more under load)
  // keep the CPU thread past the page's 250 ms; two were sometimes not enough.
  WorkerHarness harness(heavy_page_config());
  constexpr int kBlockers = 3;
  std::vector<std::future<Result<bus::JobReply>>> blockers;
  for (int i = 0; i < kBlockers; ++i) {
    blockers.push_back(std::async(std::launch::async, [&harness, &site, i] {
      return harness.ask(site.url("/long?copy=" + std::to_string(i)), false, 120s);
    }));
  }
  REQUIRE(wait_until([&] { return harness.service().counters().engine_starts >= 1; }, 60s));
  // The long pages hold the only CPU thread, one after the other; this page
  // is fetched in milliseconds and then waits behind them.
  const auto late = harness.ask(site.url("/sourdough-starter-basics.html"), false, 250ms);
  for (auto& blocker : blockers) blocker.wait();
  REQUIRE(wait_until([&] { return harness.service().counters().replies == kBlockers + 1; }, 60s));
  const WorkerCounters counters = harness.service().counters();
  if (late.ok()) {
    WARN("inconclusive: the CPU thread was free for the page within its 250 ms");
    return;
  }
  CHECK(late.error().kind == ErrorKind::kDeadline);
  // Its answer was given up on at its deadline; the engine must not run for it afterwards.
  CHECK(counters.engine_starts == kBlockers);
  // Expired in the CPU queue rather than during its fetch, unless the machine
  // took 250 ms to fetch a local page.
  CHECK(counters.jobs_expired_before_engine == 1);
}
