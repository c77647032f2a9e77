// The worker's config: flags and environment, derived values, the bus keys,
// and the counters' JSON form.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tagwire/bus/broker.h"
#include "tagwire/bus/curve_keys.h"
#include "tagwire/bus/key_files.h"
#include "tagwire/compute/worker_config.h"
#include "tagwire/compute/worker_service.h"
#include "temp_dir.h"
#include "wait.h"

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

TEST_CASE("a worker name the API would refuse stops the worker from starting", "[worker]") {
  // Before: the worker started, and its READY was refused as malformed
  // without a word to it, so it never registered.
  WorkerConfig config;
  config.name = std::string(129, 'n');
  config.bus_connect = "tcp://127.0.0.1:1";
  const auto service = WorkerService::start(config);
  REQUIRE_FALSE(service.ok());
  CHECK(service.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(service.error().message, Catch::Contains("--name"));
}

TEST_CASE("the bus key flags are off by default and read TAGWIRE_ variables too", "[worker][auth]") {
  const auto defaults = parse({});
  REQUIRE(defaults.ok());
  CHECK(defaults->bus_server_key.empty());
  CHECK(defaults->bus_secret_key_file.empty());
  const auto config = parse({"--bus-server-key", "server-key-from-flag"},
                            {{"TAGWIRE_BUS_SERVER_KEY", "ignored"}, {"TAGWIRE_BUS_SECRET_KEY_FILE", "/keys/w.secret"}});
  REQUIRE(config.ok());
  CHECK(config->bus_server_key == "server-key-from-flag");
  CHECK(config->bus_secret_key_file == "/keys/w.secret");
}

TEST_CASE("a worker with only one of the two bus key flags does not start", "[worker][auth]") {
  testing::TempDir dir;
  const auto keys = bus::new_key_pair();
  REQUIRE(keys.ok());
  const std::string secret = (dir.path() / "w.secret").string();
  REQUIRE(bus::write_key_pair_files(*keys, secret, (dir.path() / "w.public").string()).ok());

  WorkerConfig server_only;
  server_only.bus_server_key = keys->public_key;
  const auto no_secret = WorkerService::start(server_only);
  REQUIRE_FALSE(no_secret.ok());
  CHECK(no_secret.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(no_secret.error().message, Catch::Contains("--bus-secret-key-file"));

  WorkerConfig secret_only;
  secret_only.bus_secret_key_file = secret;
  const auto no_server = WorkerService::start(secret_only);
  REQUIRE_FALSE(no_server.ok());
  CHECK(no_server.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(no_server.error().message, Catch::Contains("--bus-server-key"));
}

TEST_CASE("a worker with a bad bus key does not start, and says which flag and file", "[worker][auth]") {
  testing::TempDir dir;
  const auto keys = bus::new_key_pair();
  REQUIRE(keys.ok());
  const std::string secret = (dir.path() / "w.secret").string();
  REQUIRE(bus::write_key_pair_files(*keys, secret, (dir.path() / "w.public").string()).ok());

  WorkerConfig bad_server;
  bad_server.bus_server_key = keys->public_key.substr(1);
  bad_server.bus_secret_key_file = secret;
  const auto short_server = WorkerService::start(bad_server);
  REQUIRE_FALSE(short_server.ok());
  CHECK(short_server.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(short_server.error().message, Catch::StartsWith("--bus-server-key:"));

  WorkerConfig missing;
  missing.bus_server_key = keys->public_key;
  missing.bus_secret_key_file = (dir.path() / "nowhere").string();
  const auto no_file = WorkerService::start(missing);
  REQUIRE_FALSE(no_file.ok());
  CHECK(no_file.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(no_file.error().message, Catch::StartsWith("--bus-secret-key-file: " + missing.bus_secret_key_file));

  const std::string garbled = (dir.path() / "garbled").string();
  std::ofstream(garbled) << keys->secret_key.substr(0, 20) << "\n";
  WorkerConfig bad_secret = missing;
  bad_secret.bus_secret_key_file = garbled;
  const auto not_a_key = WorkerService::start(bad_secret);
  REQUIRE_FALSE(not_a_key.ok());
  CHECK_THAT(not_a_key.error().message, Catch::StartsWith("--bus-secret-key-file: " + garbled) &&
                                            Catch::Contains("Z85"));
  CHECK(not_a_key.error().message.find(keys->secret_key.substr(0, 10)) == std::string::npos);
}

TEST_CASE("a worker started with bus keys registers with an API that lists its public key", "[worker][auth]") {
  testing::TempDir dir;
  const auto api = bus::new_key_pair();
  const auto worker = bus::new_key_pair();
  REQUIRE(api.ok());
  REQUIRE(worker.ok());
  bus::BrokerOptions options;
  options.bind = "tcp://127.0.0.1:*";
  options.heartbeat_ms = 200;
  options.curve = bus::CurveServerKeys{api->secret_key, {worker->public_key}};
  auto broker = bus::Broker::start(options);
  REQUIRE(broker.ok());

  WorkerConfig config;
  config.cpu_threads = 1;
  config.heartbeat = 200ms;
  config.bus_connect = (*broker)->endpoint();
  config.bus_server_key = api->public_key;
  config.bus_secret_key_file = (dir.path() / "w.secret").string();
  REQUIRE(bus::write_key_pair_files(*worker, config.bus_secret_key_file, (dir.path() / "w.public").string()).ok());
  auto service = WorkerService::start(config);
  REQUIRE(service.ok());
  CHECK(tagwire::testing::wait_until([&] { return (*broker)->stats().workers == 1; }));
  CHECK((*broker)->stats().counters.unauthenticated_peers == 0);
  (*service)->stop();
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
