// Isolation: when every worker slot is busy and the queue is full, the parts of
// the API that do not need a worker still answer at once, and new tags
// requests are refused at once instead of waiting.
#include <catch2/catch.hpp>

#include <future>
#include <vector>

#include "support/page_server.h"
#include "support/stack.h"
#include "wait.h"

namespace tagwire::e2e {

using testing::wait_until;

TEST_CASE("with every slot busy and the queue full, urls, healthz and a refused tags request answer within 100 ms",
          "[e2e][integration]") {
  constexpr int kCapacity = 2;
  constexpr int kQueueLimit = 2;
  constexpr double kLimitMs = 100;
  ScratchDir scratch;
  PageServer pages;
  pages.add_page("/standups.html", article_page("Shorter Standups", "team meetings", "meetings"));
  pages.add_gate_page("/held.html", article_page("Held", "patience", "waiting"));
  ApiSpec spec = api_spec(scratch);
  spec.queue_limit = kQueueLimit;
  ApiRun api = start_api(scratch, spec);
  auto worker = start_worker(scratch, api.bus, worker_spec("worker", kCapacity));
  require_workers(api.http_port, 1);
  const HttpAnswer indexed = rest_tags(api.http_port, pages.url("/standups.html"));
  INFO(indexed.describe());
  REQUIRE(indexed.status == 200);

  std::vector<std::future<HttpAnswer>> held;
  for (int n = 0; n < kCapacity + kQueueLimit; ++n) {
    held.push_back(std::async(std::launch::async, [&, n] {
      return rest_tags(api.http_port, pages.url("/held.html?n=" + std::to_string(n)));
    }));
  }
  const bool saturated = wait_until(
      [&] {
        return pages.hits("/held.html") == kCapacity &&
               broker_counter(api.http_port, "queue_length") == kQueueLimit;
      },
      kStartTimeout);

  std::vector<HttpAnswer> urls, health, graph_urls, refused;
  for (int round = 0; round < 5; ++round) {
    urls.push_back(rest_urls(api.http_port, "Meetings"));
    health.push_back(http_get(api.http_port, "/healthz"));
    graph_urls.push_back(graphql(api.http_port, "{ urls(tag: \"meeting\") }"));
    refused.push_back(rest_tags(api.http_port, pages.url("/held.html?fresh=" + std::to_string(round))));
  }
  pages.open_gate("/held.html");
  std::vector<HttpAnswer> released;
  for (auto& answer : held) released.push_back(answer.get());

  REQUIRE(saturated);
  const std::vector<std::string> expected_urls{pages.url("/standups.html")};
  for (int round = 0; round < 5; ++round) {
    INFO("round " << round);
    INFO("urls: " << urls[round].describe());
    INFO("healthz: " << health[round].describe());
    INFO("graphql urls: " << graph_urls[round].describe());
    INFO("tags: " << refused[round].describe());
    CHECK(urls[round].status == 200);
    CHECK(json_strings(parse_json(urls[round].body), "/urls") == expected_urls);
    CHECK(urls[round].elapsed_ms < kLimitMs);
    CHECK(health[round].status == 200);
    CHECK(health[round].elapsed_ms < kLimitMs);
    CHECK(json_strings(parse_json(graph_urls[round].body), "/data/urls") == expected_urls);
    CHECK(graph_urls[round].elapsed_ms < kLimitMs);
    CHECK(refused[round].status == 503);
    CHECK(json_string(parse_json(refused[round].body), "/error/type") == "overloaded");
    CHECK(refused[round].elapsed_ms < kLimitMs);
  }
  for (const HttpAnswer& answer : released) {
    INFO(answer.describe());
    CHECK(answer.status == 200);
  }
}

}  // namespace tagwire::e2e
