// The services' logs as an operator drives them: --log-file, and SIGUSR1 /
// SIGUSR2 switching debug lines on and off while the process runs.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/stack.h"
#include "wait.h"

namespace tagwire::e2e {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool file_has(const std::filesystem::path& path, const std::string& needle) {
  return read_file(path).find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("the API logs to --log-file and SIGUSR1 / SIGUSR2 turn debug lines on and off", "[e2e][integration]") {
  ScratchDir scratch;
  const std::filesystem::path log_file = scratch.path() / "logs" / "api.log";
  ApiSpec spec = api_spec(scratch);
  spec.extra_args = {"--log-file", log_file.string(), "--log-level", "info"};
  ApiRun api = start_api(scratch, spec);
  const pid_t pid = api.process->pid();

  REQUIRE(tagwire::testing::wait_until([&] { return file_has(log_file, "\"msg\":\"api serving\""); }));
  CHECK_FALSE(file_has(log_file, "\"level\":\"debug\""));
  CHECK(api.process->stdout_text().find("\"msg\":\"api serving\"") == std::string::npos);  // the file, not stdout

  REQUIRE(kill(pid, SIGUSR1) == 0);
  REQUIRE(tagwire::testing::wait_until(
      [&] { return file_has(log_file, R"("msg":"log level changed","from":"info","to":"debug","cause":"SIGUSR1")"); }));
  // At debug, every HTTP answer gets a line (require_workers asks /debug/counters).
  auto worker = start_worker(scratch, api.bus, worker_spec());
  require_workers(api.http_port, 1);
  REQUIRE(tagwire::testing::wait_until([&] { return file_has(log_file, "\"level\":\"debug\""); }));

  REQUIRE(kill(pid, SIGUSR2) == 0);
  REQUIRE(tagwire::testing::wait_until(
      [&] { return file_has(log_file, R"("msg":"log level changed","from":"debug","to":"info","cause":"SIGUSR2")"); }));

  const auto status = api.process->terminate();
  REQUIRE(status.has_value());
  CHECK(WIFEXITED(*status));
  CHECK(WEXITSTATUS(*status) == 0);
  CHECK(file_has(log_file, "\"msg\":\"stop signal\",\"signal\":\"SIGTERM\""));
}

TEST_CASE("a worker with an unwritable --log-file refuses to start and says why", "[e2e]") {
  ScratchDir scratch;
  std::ofstream(scratch.path() / "not-a-dir") << "x";
  Process worker(ProcessSpec{"worker", std::filesystem::path(TAGWIRE_BINARY_DIR) / "compute-service/worker/tagwire-compute",
                             {"--log-file", (scratch.path() / "not-a-dir" / "w.log").string()}, {}},
                 scratch.path());
  REQUIRE(tagwire::testing::wait_until([&] { return !worker.running(); }, std::chrono::seconds(10)));
  CHECK(worker.stderr_text().find("cannot open log file") != std::string::npos);
}

}  // namespace tagwire::e2e
