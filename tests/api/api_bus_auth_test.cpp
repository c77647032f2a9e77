// The API's bus authentication: --bus-secret-key-file and
// --bus-allowed-keys-file go together, bad key files stop the start, and an
// API started with them serves the workers it lists and counts the others;
// reload_bus_allow_list() (the API's SIGHUP) reads the list again.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "http_test_api.h"
#include "scripted_worker.h"
#include "tagwire/api/api_service.h"
#include "tagwire/bus/curve_keys.h"
#include "tagwire/bus/key_files.h"
#include "tagwire/bus/worker_link.h"
#include "temp_dir.h"
#include "wait.h"

using namespace tagwire;
using namespace tagwire::api;
using tagwire::api::testing::parse_json;
using tagwire::api::testing::RunningApi;
using tagwire::api::testing::scripted_answer;
using tagwire::api::testing::tags_path;
using tagwire::api::testing::test_config;
using tagwire::api::testing::wait_until_ready;
using tagwire::testing::TempDir;
using tagwire::testing::wait_until;

namespace {

// A key pair written by tagwire-bus-keys's own code: <name>.secret, <name>.public.
struct KeyFiles {
  bus::CurveKeyPair keys;
  std::string secret_path;
  std::string public_path;
};

KeyFiles key_files(const TempDir& dir, const std::string& name) {
  auto pair = bus::new_key_pair();
  REQUIRE(pair.ok());
  KeyFiles files{*pair, (dir.path() / (name + ".secret")).string(), (dir.path() / (name + ".public")).string()};
  REQUIRE(bus::write_key_pair_files(files.keys, files.secret_path, files.public_path).ok());
  return files;
}

std::string write(const TempDir& dir, const std::string& name, const std::string& content) {
  const std::string path = (dir.path() / name).string();
  std::ofstream(path) << content;
  return path;
}

Result<std::unique_ptr<ApiService>> start_with(const TempDir& dir, std::string secret_file, std::string allowed_file) {
  ApiConfig config = test_config(dir);
  config.bus_secret_key_file = std::move(secret_file);
  config.bus_allowed_keys_file = std::move(allowed_file);
  return ApiService::start(config);
}

// A worker link with CURVE keys answering every job at once from its own
// thread, with the scripted answers of the other API tests.
class KeyedWorker {
 public:
  KeyedWorker(const std::string& endpoint, bus::CurveClientKeys keys) {
    bus::WorkerLinkOptions options;
    options.connect = endpoint;
    options.capacity = 4;
    options.name = "keyed";
    options.curve = std::move(keys);
    auto link = bus::WorkerLink::start(options, [this](bus::JobRequest job, std::string job_id) {
      link_.load()->reply(job_id, scripted_answer(job));
    });
    REQUIRE(link.ok());
    owned_ = std::move(link).value();
    link_ = owned_.get();
  }

 private:
  std::atomic<bus::WorkerLink*> link_{nullptr};
  std::unique_ptr<bus::WorkerLink> owned_;
};

}  // namespace

TEST_CASE("the API refuses to start with only one of the two bus key flags", "[api][auth]") {
  TempDir dir;
  const KeyFiles api = key_files(dir, "api");
  const KeyFiles worker = key_files(dir, "worker");

  auto secret_only = start_with(dir, api.secret_path, "");
  REQUIRE_FALSE(secret_only.ok());
  CHECK(secret_only.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(secret_only.error().message, Catch::Contains("--bus-allowed-keys-file"));

  auto allowed_only = start_with(dir, "", worker.public_path);
  REQUIRE_FALSE(allowed_only.ok());
  CHECK(allowed_only.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(allowed_only.error().message, Catch::Contains("--bus-secret-key-file"));
}

TEST_CASE("the API refuses to start with a bad bus key file, naming the flag and the file", "[api][auth]") {
  TempDir dir;
  const KeyFiles api = key_files(dir, "api");
  const KeyFiles worker = key_files(dir, "worker");

  const std::string missing = (dir.path() / "missing.secret").string();
  auto no_secret = start_with(dir, missing, worker.public_path);
  REQUIRE_FALSE(no_secret.ok());
  CHECK(no_secret.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(no_secret.error().message, Catch::StartsWith("--bus-secret-key-file: " + missing));

  const std::string garbled = write(dir, "garbled.secret", api.keys.secret_key.substr(0, 30) + "\n");
  auto bad_secret = start_with(dir, garbled, worker.public_path);
  REQUIRE_FALSE(bad_secret.ok());
  CHECK_THAT(bad_secret.error().message, Catch::StartsWith("--bus-secret-key-file: " + garbled) &&
                                             Catch::Contains("Z85"));
  CHECK(bad_secret.error().message.find(api.keys.secret_key.substr(0, 10)) == std::string::npos);

  const std::string bad_list = write(dir, "allowed", worker.keys.public_key + "\nworker-2\n");
  auto bad_allowed = start_with(dir, api.secret_path, bad_list);
  REQUIRE_FALSE(bad_allowed.ok());
  CHECK_THAT(bad_allowed.error().message, Catch::StartsWith("--bus-allowed-keys-file: " + bad_list) &&
                                              Catch::Contains("line 2"));
}

TEST_CASE("an API started with bus key files serves a listed worker and counts an unlisted one",
          "[api][auth][integration]") {
  TempDir keys_dir;
  const KeyFiles api_keys = key_files(keys_dir, "api");
  const KeyFiles listed = key_files(keys_dir, "listed");
  const KeyFiles unlisted = key_files(keys_dir, "unlisted");
  const std::string allowed = write(keys_dir, "allowed", "# the bus's workers\n" + listed.keys.public_key + " # listed\n");
  RunningApi api([&](ApiConfig& config) {
    config.bus_secret_key_file = api_keys.secret_path;
    config.bus_allowed_keys_file = allowed;
  });

  KeyedWorker stranger(api.service().bus_endpoint(), bus::CurveClientKeys{api_keys.keys.public_key, unlisted.keys.secret_key});
  auto refused = [&] {
    auto res = api.client().Get("/debug/counters");
    return res && res->status == 200 &&
           parse_json(res->body)["broker"]["unauthenticated_peers"].GetUint64() > 0;
  };
  REQUIRE(wait_until(refused, std::chrono::seconds(5), std::chrono::milliseconds(50)));
  CHECK(api.client().Get("/readyz")->status != 200);  // no worker yet

  KeyedWorker worker(api.service().bus_endpoint(), bus::CurveClientKeys{api_keys.keys.public_key, listed.keys.secret_key});
  wait_until_ready(api);
  auto answer = api.client().Get(tags_path("http://example.com/keyed-page"));
  REQUIRE(answer);
  CHECK(answer->status == 200);
  auto metrics = api.client().Get("/metrics");
  REQUIRE(metrics);
  CHECK_THAT(metrics->body, Catch::Contains("tagwire_bus_unauthenticated_peers_total "));
  auto counters = parse_json(api.client().Get("/debug/counters")->body);
  CHECK(counters["broker"]["workers"].GetUint64() == 1);
}

TEST_CASE("reloading the allow-list file lets a newly listed worker in, and a broken file keeps the old list",
          "[api][auth][integration]") {
  TempDir keys_dir;
  const KeyFiles api_keys = key_files(keys_dir, "api");
  const KeyFiles first = key_files(keys_dir, "first");
  const KeyFiles second = key_files(keys_dir, "second");
  const std::string allowed = write(keys_dir, "allowed", first.keys.public_key + "\n");
  RunningApi api([&](ApiConfig& config) {
    config.bus_secret_key_file = api_keys.secret_path;
    config.bus_allowed_keys_file = allowed;
  });
  auto workers = [&] {
    auto res = api.client().Get("/debug/counters");
    return res && res->status == 200 ? parse_json(res->body)["broker"]["workers"].GetUint64() : 0;
  };

  // Broken: the old list stays, and the error names the flag, the file and the line.
  write(keys_dir, "allowed", first.keys.public_key + "\nnot-a-key\n");
  auto broken = api.service().reload_bus_allow_list();
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(broken.error().message, Catch::StartsWith("--bus-allowed-keys-file: " + allowed) &&
                                         Catch::Contains("line 2"));
  KeyedWorker listed(api.service().bus_endpoint(),
                     bus::CurveClientKeys{api_keys.keys.public_key, first.keys.secret_key});
  REQUIRE(wait_until([&] { return workers() == 1; }, std::chrono::seconds(5), std::chrono::milliseconds(50)));

  write(keys_dir, "allowed", first.keys.public_key + "\n" + second.keys.public_key + " # second\n");
  auto reloaded = api.service().reload_bus_allow_list();
  REQUIRE(reloaded.ok());
  CHECK(reloaded.value() == 2);
  KeyedWorker added(api.service().bus_endpoint(),
                    bus::CurveClientKeys{api_keys.keys.public_key, second.keys.secret_key});
  CHECK(wait_until([&] { return workers() == 2; }, std::chrono::seconds(5), std::chrono::milliseconds(50)));
}

TEST_CASE("an API without bus keys has no allow-list to reload", "[api][auth]") {
  RunningApi api;
  auto reloaded = api.service().reload_bus_allow_list();
  REQUIRE_FALSE(reloaded.ok());
  CHECK(reloaded.error().kind == ErrorKind::kBadRequest);
}
