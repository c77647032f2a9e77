// Coalescing through the whole stack: concurrent requests for one uncached URL
// share one job, so the target is fetched once.
#include <catch2/catch.hpp>

#include <algorithm>
#include <future>
#include <vector>

#include "support/page_server.h"
#include "support/stack.h"
#include "wait.h"

namespace tagwire::e2e {

using testing::wait_until;

TEST_CASE("50 concurrent requests for one uncached URL send one job and get the same tags",
          "[e2e][integration]") {
  constexpr int kRequests = 50;
  ScratchDir scratch;
  PageServer pages;
  // The one fetch is held until every request is waiting in the broker, so a
  // broker that does not coalesce sends more jobs while the first is still open.
  pages.add_gate_page("/gate.html", article_page("Shorter Standups", "team meetings, agendas", "meetings"));
  ApiRun api = start_api(scratch, api_spec(scratch));
  auto worker = start_worker(scratch, api.bus, worker_spec("worker", 8));
  require_workers(api.http_port, 1);
  const std::string url = pages.url("/gate.html");
  const int64_t jobs_before = broker_counter(api.http_port, "jobs_sent");
  REQUIRE(jobs_before >= 0);

  std::vector<std::future<HttpAnswer>> answers;
  for (int i = 0; i < kRequests; ++i) {
    answers.push_back(std::async(std::launch::async, [&] { return rest_tags(api.http_port, url); }));
  }
  int64_t waiting = 0;
  const bool all_waiting = wait_until(
      [&] {
        waiting = broker_counter(api.http_port, "waiters");
        return waiting >= kRequests;
      },
      std::chrono::seconds(20));
  const std::size_t hits_while_held = pages.hits("/gate.html");
  pages.open_gate("/gate.html");

  std::vector<HttpAnswer> done;
  for (auto& answer : answers) done.push_back(answer.get());
  INFO("requests waiting in the broker when the gate opened: " << waiting);
  REQUIRE(all_waiting);
  CHECK(hits_while_held == 1);
  CHECK(pages.hits("/gate.html") == 1);
  CHECK(broker_counter(api.http_port, "jobs_sent") - jobs_before == 1);
  CHECK(broker_counter(api.http_port, "coalesced") == kRequests - 1);
  for (const HttpAnswer& answer : done) {
    INFO(answer.describe());
    REQUIRE(answer.status == 200);
    CHECK(answer.body == done.front().body);
  }
  const auto tags = json_tag_names(parse_json(done.front().body), "/tags");
  CHECK(std::find(tags.begin(), tags.end(), "meeting") != tags.end());
}

}  // namespace tagwire::e2e
