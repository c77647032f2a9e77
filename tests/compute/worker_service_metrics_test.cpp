// The worker's optional counters port, over real HTTP.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include "ports.h"
#include "test_site.h"
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
  const auto other = client.Get("/metrics");
  REQUIRE(other);
  CHECK(other->status == 404);
}
