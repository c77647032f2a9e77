// The worker's optional metrics port (/metrics and /debug/counters), over real HTTP.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "ports.h"
#include "test_site.h"
#include "wait.h"
#include "worker_service_support.h"

using namespace tagwire;
using namespace tagwire::compute;
using namespace tagwire::compute::testing;

TEST_CASE("the metrics port serves the worker's counters as JSON", "[worker][integration]") {
  TestSite site;
  WorkerConfig config = test_worker_config();
  config.metrics_host = "127.0.0.1";
  // The flag's 0 means "off", so the test cannot ask the worker for an
  // ephemeral port itself.
  config.metrics_port = tagwire::testing::free_port();
  WorkerHarness harness(config);
  REQUIRE(harness.service().metrics_port() == config.metrics_port);
  REQUIRE(harness.ask(site.url("/page")).ok());
  REQUIRE(harness.ask(site.url("/page")).ok());

  httplib::Client client("127.0.0.1", config.metrics_port);
  const auto response = client.Get("/debug/counters");
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->get_header_value("Content-Type") == "application/json");
  rapidjson::Document json;
  json.Parse(response->body.c_str());
  REQUIRE_FALSE(json.HasParseError());
  CHECK(json["jobs_received"].GetUint64() == 2);
  CHECK(json["cache_hits"].GetUint64() == 1);
  CHECK(json["fetches"].GetUint64() == 1);
  CHECK(json["link"]["connected"].GetBool());
  const auto other = client.Get("/debug/nothing");
  REQUIRE(other);
  CHECK(other->status == 404);
}

namespace {

// One line of a /metrics body, whole.
bool has_line(const std::string& body, const std::string& line) {
  return body.rfind(line + "\n", 0) == 0 || body.find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("the metrics port serves Prometheus text with the job's fetch and engine times", "[worker][integration]") {
  TestSite site;
  WorkerConfig config = test_worker_config();
  config.metrics_host = "127.0.0.1";
  config.metrics_port = tagwire::testing::free_port();  // 0 means "off": see the test above
  WorkerHarness harness(config);
  REQUIRE(harness.ask(site.url("/page")).ok());

  httplib::Client client("127.0.0.1", config.metrics_port);
  const auto first = client.Get("/metrics");
  REQUIRE(first);
  CHECK(first->status == 200);
  CHECK_THAT(first->get_header_value("Content-Type"), Catch::StartsWith("text/plain; version=0.0.4"));
  const std::string& body = first->body;
  INFO(body);
  CHECK(has_line(body, "tagwire_worker_jobs_received_total 1"));
  CHECK(has_line(body, "tagwire_worker_fetches_total 1"));
  CHECK(has_line(body, "tagwire_worker_fetch_duration_seconds_count 1"));
  CHECK(has_line(body, "tagwire_worker_fetch_queue_wait_seconds_count 1"));
  CHECK(has_line(body, "tagwire_worker_cpu_queue_wait_seconds_count 1"));
  CHECK(has_line(body, "tagwire_worker_engine_duration_seconds_count 1"));
  CHECK(has_line(body, "tagwire_worker_engine_runs_total 1"));
  CHECK(has_line(body, "tagwire_worker_cpu_threads 1"));
  CHECK(has_line(body, "tagwire_worker_capacity 4"));
  CHECK(has_line(body, "tagwire_worker_link_connected 1"));
  CHECK(has_line(body, "# TYPE process_cpu_seconds_total counter"));

  // A failed fetch is timed too; it never reaches the engine.
  const auto failed = harness.ask(site.url("/status/404"));
  REQUIRE_FALSE(failed.ok());
  const auto second = client.Get("/metrics");
  REQUIRE(second);
  INFO(second->body);
  CHECK(has_line(second->body, "tagwire_worker_jobs_received_total 2"));
  CHECK(has_line(second->body, "tagwire_worker_fetch_duration_seconds_count 2"));
  CHECK(has_line(second->body, "tagwire_worker_fetch_errors_total{type=\"target_status\"} 1"));
  CHECK(has_line(second->body, "tagwire_worker_engine_duration_seconds_count 1"));
}

TEST_CASE("the metrics port answers or refuses while the worker stops, and never serves a torn-down worker",
          "[worker][metrics][integration]") {
  WorkerConfig config = test_worker_config();
  config.metrics_port = tagwire::testing::free_port();
  WorkerHarness harness(config);
  std::atomic<bool> stopped{false};
  std::atomic<int> answered{0};
  std::atomic<int> bad{0};
  std::thread scraper([&] {
    httplib::Client client("127.0.0.1", config.metrics_port);
    client.set_connection_timeout(std::chrono::seconds(1));
    while (!stopped.load()) {
      const auto res = client.Get("/metrics");
      if (!res) continue;  // refused once the port is closed: fine
      if (res->status == 200 && res->body.find("tagwire_worker_jobs_received_total") != std::string::npos) {
        ++answered;
      } else {
        ++bad;
      }
    }
  });
  const bool scraped = tagwire::testing::wait_until([&] { return answered.load() >= 3; }, std::chrono::seconds(10));
  harness.stop_worker();  // closes the port before the fetcher and pool it reads go away
  stopped = true;
  scraper.join();
  CHECK(scraped);
  CHECK(bad.load() == 0);
}
