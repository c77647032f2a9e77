// SIGHUP as an operator uses it: the API reads its bus allow-list again, so a
// worker on a new host joins without restarting the API (and dropping the
// requests in flight); a broken file keeps the old list. The worker has
// nothing to reload and says so. Neither process stops.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/stack.h"
#include "wait.h"

namespace tagwire::e2e {
namespace {

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

std::vector<std::string> keyed_worker_args(const BusKeyFiles& api, const BusKeyFiles& own) {
  return {"--bus-server-key", api.public_key, "--bus-secret-key-file", own.secret_file.string()};
}

bool says(Process& process, const std::string& text) {
  return process.stdout_text().find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("SIGHUP makes the API read its bus allow-list again and a newly listed worker joins",
          "[e2e][integration]") {
  ScratchDir scratch;
  const BusKeyFiles api_keys = make_bus_keys(scratch, "api");
  const BusKeyFiles first_keys = make_bus_keys(scratch, "first");
  const BusKeyFiles second_keys = make_bus_keys(scratch, "second");
  const std::filesystem::path allowed = scratch.path() / "keys" / "workers.allowed";
  write_file(allowed, first_keys.public_key + "  # first\n");

  ApiSpec spec = api_spec(scratch);
  spec.extra_args = {"--bus-secret-key-file", api_keys.secret_file.string(), "--bus-allowed-keys-file",
                     allowed.string()};
  ApiRun api = start_api(scratch, spec);
  WorkerSpec first = worker_spec("first");
  first.extra_args = keyed_worker_args(api_keys, first_keys);
  auto first_worker = start_worker(scratch, api.bus, first);
  require_workers(api.http_port, 1);

  WorkerSpec second = worker_spec("second");
  second.extra_args = keyed_worker_args(api_keys, second_keys);
  auto second_worker = start_worker(scratch, api.bus, second);
  REQUIRE(tagwire::testing::wait_until([&] { return broker_counter(api.http_port, "unauthenticated_peers") > 0; },
                                       kStartTimeout));
  CHECK(broker_counter(api.http_port, "workers") == 1);

  // A file that does not parse: logged, and the old list stays.
  write_file(allowed, first_keys.public_key + "\nnot a key\n");
  REQUIRE(kill(api.process->pid(), SIGHUP) == 0);
  REQUIRE(tagwire::testing::wait_until([&] { return says(*api.process, "bus allow-list not reloaded"); }));
  CHECK(says(*api.process, "line 2"));
  CHECK(api.process->running());

  write_file(allowed, first_keys.public_key + "  # first\n" + second_keys.public_key + "  # second\n");
  REQUIRE(kill(api.process->pid(), SIGHUP) == 0);
  REQUIRE(tagwire::testing::wait_until(
      [&] { return says(*api.process, R"("msg":"bus allow-list replaced","allowed_workers":2)"); }));
  // The second worker gets in at its next attempt (its back-off: 1 s, doubling).
  require_workers(api.http_port, 2);

  REQUIRE(kill(second_worker->pid(), SIGHUP) == 0);
  REQUIRE(tagwire::testing::wait_until([&] { return says(*second_worker, "nothing reloaded"); }));
  CHECK(second_worker->running());
  CHECK(broker_counter(api.http_port, "workers") == 2);

  const auto status = api.process->terminate();
  REQUIRE(status.has_value());
  CHECK(WIFEXITED(*status));
  CHECK(WEXITSTATUS(*status) == 0);
}

}  // namespace tagwire::e2e
