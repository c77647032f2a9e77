// The worker's config: flags and environment, derived values, and the
// counters' JSON form.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tagwire/compute/worker_config.h"
#include "tagwire/compute/worker_service.h"

using namespace tagwire;
using namespace tagwire::compute;
using namespace std::chrono_literals;

namespace {

EnvLookup env_of(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    const auto found = values.find(name);
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

Result<WorkerConfig> parse(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  WorkerConfig config;
  FlagSet flags("tagwire-compute", "test");
  add_worker_flags(flags, config);
  args.insert(args.begin(), "tagwire-compute");
  auto parsed = flags.parse(args, env_of(std::move(env)));
  if (!parsed) return parsed.error();
  return config;
}

}  // namespace

TEST_CASE("without flags the worker uses the documented defaults", "[worker]") {
  const auto config = parse({});
  REQUIRE(config.ok());
  CHECK(config->bus_connect == "tcp://localhost:5555");
  CHECK(config->metrics_port == 0);
  CHECK(config->cache_ttl == 3h);
  CHECK(config->error_cache_ttl == 60s);
  CHECK(config->max_page_bytes == 5u * 1024u * 1024u);
  CHECK(config->per_host == 4);
  CHECK(config->allow_private_list().empty());
}

TEST_CASE("flags and TAGWIRE_ variables fill the worker config, flags first", "[worker]") {
  const auto config = parse({"--bus-connect", "tcp://api:5555", "--threads=3", "--cache-ttl", "2h",
                             "--allow-private", " 127.0.0.1/32 , sample-site,,"},
                            {{"TAGWIRE_BUS_CONNECT", "tcp://ignored:1"}, {"TAGWIRE_ERROR_CACHE_TTL", "5s"},
                             {"TAGWIRE_METRICS_PORT", "9100"}});
  REQUIRE(config.ok());
  CHECK(config->bus_connect == "tcp://api:5555");
  CHECK(config->cpu_threads == 3);
  CHECK(config->cache_ttl == 2h);
  CHECK(config->error_cache_ttl == 5s);
  CHECK(config->metrics_port == 9100);
  CHECK(config->allow_private_list() == std::vector<std::string>{"127.0.0.1/32", "sample-site"});
}

TEST_CASE("the bus heartbeat flags are the API's: a duration and a liveness count", "[worker]") {
  const auto config = parse({"--heartbeat-ms", "250", "--heartbeat-liveness", "5"});
  REQUIRE(config.ok());
  CHECK(config->heartbeat == 250ms);
  CHECK(config->heartbeat_liveness == 5);
  CHECK(parse({"--heartbeat-ms", "2s"})->heartbeat == 2s);
  CHECK_FALSE(parse({"--heartbeat-liveness", "0"}).ok());
}

TEST_CASE("capacity defaults to four jobs per CPU thread", "[worker]") {
  WorkerConfig config;
  config.cpu_threads = 3;
  CHECK(config.resolved_capacity() == 12);
  config.capacity = 5;
  CHECK(config.resolved_capacity() == 5);
  config.cpu_threads = 0;
  CHECK(config.resolved_cpu_threads() >= 1);
}

TEST_CASE("the fetcher gets the worker's fetch limits", "[worker]") {
  const auto config = parse({"--connect-timeout", "2s", "--fetch-timeout", "7s", "--max-page-bytes", "1000",
                             "--per-host", "2", "--fetch-transfers", "8", "--allow-private", "10.0.0.0/8"});
  REQUIRE(config.ok());
  const FetchConfig fetch = config->fetch_config();
  CHECK(fetch.connect_timeout_ms == 2000);
  CHECK(fetch.total_timeout_ms == 7000);
  CHECK(fetch.max_body_bytes == 1000);
  CHECK(fetch.per_host_limit == 2);
  CHECK(fetch.max_transfers == 8);
  CHECK(fetch.allow_private == std::vector<std::string>{"10.0.0.0/8"});
}

TEST_CASE("a bad worker flag is refused with a one-line reason", "[worker]") {
  const auto bad_port = parse({"--metrics-port", "70000"});
  REQUIRE_FALSE(bad_port.ok());
  CHECK_THAT(bad_port.error().message, Catch::Contains("--metrics-port"));
  const auto unknown = parse({"--bus-bind", "tcp://*:5555"});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message.find('\n') == std::string::npos);
}

TEST_CASE("a bad allow-private entry stops the worker from starting", "[worker]") {
  WorkerConfig config;
  config.allow_private = "10.0.0.0/99";
  config.bus_connect = "tcp://127.0.0.1:1";
  const auto service = WorkerService::start(config);
  REQUIRE_FALSE(service.ok());
  CHECK(service.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(service.error().message, Catch::Contains("10.0.0.0/99"));
}

TEST_CASE("the counters' JSON holds every counter", "[worker]") {
  WorkerCounters counters;
  counters.jobs_received = 7;
  counters.cache_hits = 3;
  counters.fetch_errors = 2;
  counters.fetch_errors_by_type["target_status"] = 2;
  counters.link.heartbeats_sent = 11;
  counters.link.connected = true;
  rapidjson::Document json;
  json.Parse(counters_json(counters).c_str());
  REQUIRE_FALSE(json.HasParseError());
  CHECK(json["jobs_received"].GetUint64() == 7);
  CHECK(json["cache_hits"].GetUint64() == 3);
  CHECK(json["fetch_errors_by_type"]["target_status"].GetUint64() == 2);
  CHECK(json["link"]["heartbeats_sent"].GetUint64() == 11);
  CHECK(json["link"]["connected"].GetBool());
}
