// Processes dying and coming back: a worker killed while holding jobs, the API
// restarted on the same data dir and ports, workers restarted under a running API.
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <future>
#include <vector>

#include "support/page_server.h"
#include "support/stack.h"
#include "wait.h"

namespace tagwire::e2e {

using testing::wait_until;

namespace {

std::vector<std::string> urls_for(int api_port, const std::string& tag) {
  const HttpAnswer answer = rest_urls(api_port, tag);
  INFO(answer.describe());
  REQUIRE(answer.status == 200);
  return json_strings(parse_json(answer.body), "/urls");
}

void require_tags_ok(int api_port, const std::string& url) {
  const HttpAnswer answer = rest_tags(api_port, url);
  INFO(answer.describe());
  REQUIRE(answer.status == 200);
}

bool exited_cleanly(const std::optional<int>& status) {
  return status.has_value() && WIFEXITED(*status) && WEXITSTATUS(*status) == 0;
}

}  // namespace

TEST_CASE("a worker killed while holding jobs loses no request: the other worker answers them all",
          "[e2e][integration]") {
  constexpr int kRequests = 8;
  constexpr int kCapacity = 4;
  ScratchDir scratch;
  PageServer pages;
  pages.add_gate_page("/held.html", article_page("Shorter Standups", "team meetings", "meetings"));
  ApiRun api = start_api(scratch, api_spec(scratch));
  auto doomed = start_worker(scratch, api.bus, worker_spec("doomed", kCapacity));
  auto survivor = start_worker(scratch, api.bus, worker_spec("survivor", kCapacity));
  require_workers(api.http_port, 2);

  std::vector<std::future<HttpAnswer>> answers;
  for (int n = 0; n < kRequests; ++n) {
    answers.push_back(std::async(std::launch::async, [&, n] {
      return rest_tags(api.http_port, pages.url("/held.html?n=" + std::to_string(n)));
    }));
  }
  // Both workers hold all their slots: every fetch is at the gate.
  const bool all_held = wait_until([&] { return pages.hits("/held.html") == kRequests; }, kStartTimeout);
  const int64_t in_flight = broker_counter(api.http_port, "in_flight");
  doomed->kill9();
  pages.open_gate("/held.html");

  std::vector<HttpAnswer> done;
  for (auto& answer : answers) done.push_back(answer.get());
  INFO("fetches at the gate: " << pages.hits("/held.html") << ", in flight: " << in_flight);
  REQUIRE(all_held);
  CHECK(in_flight == kRequests);
  for (const HttpAnswer& answer : done) {
    INFO(answer.describe());
    CHECK(answer.status == 200);
  }
  // The killed worker's jobs were re-sent to the survivor, which fetched them again.
  CHECK(broker_counter(api.http_port, "retries") == kCapacity);
  CHECK(pages.hits("/held.html") == kRequests + kCapacity);
  CHECK(wait_until([&] { return broker_counter(api.http_port, "workers") == 1; }, kStartTimeout));
  CHECK(survivor->running());
}

TEST_CASE("an API restarted on the same data dir and ports keeps its index and its workers re-register",
          "[e2e][integration]") {
  ScratchDir scratch;
  PageServer pages;
  pages.add_page("/standups.html", article_page("Shorter Standups", "remote work", "meetings"));
  pages.add_page("/rituals.html", article_page("Team Rituals", "remote work, rituals", "retrospectives"));
  ApiSpec spec = api_spec(scratch);
  ApiRun api = start_api(scratch, spec);
  auto worker = start_worker(scratch, api.bus, worker_spec());
  require_workers(api.http_port, 1);
  require_tags_ok(api.http_port, pages.url("/standups.html"));
  REQUIRE(urls_for(api.http_port, "Remote Work") == std::vector<std::string>{pages.url("/standups.html")});

  const int http_port = api.http_port;
  const std::string bus = api.bus;
  CHECK(exited_cleanly(api.process->terminate()));
  spec.http_port = http_port;
  spec.bus_bind = bus;
  spec.name = "api-restarted";
  api = start_api(scratch, spec);
  REQUIRE(api.http_port == http_port);
  REQUIRE(api.bus == bus);

  // The index answers before any worker is back.
  CHECK(urls_for(api.http_port, "Remote Work") == std::vector<std::string>{pages.url("/standups.html")});
  require_workers(api.http_port, 1);
  CHECK(worker->running());
  require_tags_ok(api.http_port, pages.url("/rituals.html"));
  auto both = urls_for(api.http_port, "Remote Work");
  std::sort(both.begin(), both.end());
  CHECK(both == std::vector<std::string>{pages.url("/rituals.html"), pages.url("/standups.html")});
}

TEST_CASE("restarted workers reconnect to the running API", "[e2e][integration]") {
  ScratchDir scratch;
  PageServer pages;
  pages.add_page("/standups.html", article_page("Shorter Standups", "team meetings", "meetings"));
  ApiRun api = start_api(scratch, api_spec(scratch));
  const pid_t api_pid = api.process->pid();
  auto first = start_worker(scratch, api.bus, worker_spec("first"));
  auto second = start_worker(scratch, api.bus, worker_spec("second"));
  require_workers(api.http_port, 2);
  require_tags_ok(api.http_port, pages.url("/standups.html?n=1"));

  // One leaves politely, the other dies: neither may stay registered.
  CHECK(exited_cleanly(first->terminate()));
  second->kill9();
  require_workers(api.http_port, 0);
  const HttpAnswer refused = rest_tags(api.http_port, pages.url("/standups.html?n=2"));
  INFO(refused.describe());
  CHECK(refused.status == 503);

  auto third = start_worker(scratch, api.bus, worker_spec("third"));
  auto fourth = start_worker(scratch, api.bus, worker_spec("fourth"));
  require_workers(api.http_port, 2);
  for (int n = 3; n < 7; ++n) require_tags_ok(api.http_port, pages.url("/standups.html?n=" + std::to_string(n)));
  CHECK(api.process->running());
  CHECK(api.process->pid() == api_pid);
  CHECK(broker_counter(api.http_port, "disconnected_workers") + broker_counter(api.http_port, "expired_workers") ==
        2);
}

}  // namespace tagwire::e2e
