// Starting and watching the stack's programs (see stack.h).
#include "stack.h"

#include <catch2/catch.hpp>

#include <fstream>

#include "wait.h"

namespace tagwire::e2e {
namespace {

std::filesystem::path binary(const char* relative) {
  return std::filesystem::path(TAGWIRE_BINARY_DIR) / relative;
}

void require_executable(const std::filesystem::path& path) {
  INFO("build it first: cmake --build BUILD --target " << path.filename().string());
  REQUIRE(std::filesystem::exists(path));
}

}  // namespace

ApiSpec api_spec(const ScratchDir& scratch) {
  ApiSpec spec;
  spec.data_dir = scratch.path() / "data";
  return spec;
}

WorkerSpec worker_spec(std::string name, int capacity, int threads) {
  WorkerSpec spec;
  spec.name = std::move(name);
  spec.capacity = capacity;
  spec.threads = threads;
  return spec;
}

ApiRun start_api(const ScratchDir& scratch, ApiSpec spec) {
  const std::filesystem::path program = binary("api-service/tagwire-api");
  require_executable(program);
  std::vector<std::string> args = {"--http-port",          std::to_string(spec.http_port),
                                   "--bus-bind",           spec.bus_bind,
                                   "--data-dir",           spec.data_dir.string(),
                                   "--heartbeat-ms",       std::to_string(kHeartbeatMs),
                                   "--request-timeout-ms", std::to_string(spec.request_timeout_ms),
                                   "--queue-limit",        std::to_string(spec.queue_limit)};
  args.insert(args.end(), spec.extra_args.begin(), spec.extra_args.end());
  ApiRun run;
  run.process = std::make_unique<Process>(ProcessSpec{spec.name, program, args, {}}, scratch.path());
  const auto line = run.process->wait_for_line("listening ", kStartTimeout);
  INFO(run.process->output_tail());
  REQUIRE(line.has_value());
  const auto fields = line_fields(*line);
  run.http_port = port_of(fields.count("http") ? fields.at("http") : "");
  run.bus = fields.count("bus") ? fields.at("bus") : "";
  REQUIRE(run.http_port > 0);
  REQUIRE(port_of(run.bus) > 0);
  return run;
}

std::unique_ptr<Process> start_worker(const ScratchDir& scratch, const std::string& bus, WorkerSpec spec) {
  const std::filesystem::path program = binary("compute-service/worker/tagwire-compute");
  require_executable(program);
  std::vector<std::string> args = {"--bus-connect",   bus,
                                   "--threads",       std::to_string(spec.threads),
                                   "--heartbeat-ms",  std::to_string(kHeartbeatMs),
                                   "--allow-private", "127.0.0.1/32",
                                   "--name",          spec.name,
                                   // Teardown should not wait out pages a test left hanging.
                                   "--drain-timeout", "2000"};
  if (spec.capacity > 0) {
    args.push_back("--capacity");
    args.push_back(std::to_string(spec.capacity));
  }
  args.insert(args.end(), spec.extra_args.begin(), spec.extra_args.end());
  auto worker = std::make_unique<Process>(ProcessSpec{spec.name, program, args, {}}, scratch.path());
  return worker;
}

StaticRun start_static_site(const ScratchDir& scratch) {
  const std::filesystem::path program = binary("deploy/static-server/tagwire-static");
  require_executable(program);
  StaticRun run;
  run.process = std::make_unique<Process>(
      ProcessSpec{"static", program, {"--host", "127.0.0.1", "--port", "0", "--root", TAGWIRE_SAMPLE_SITE}, {}},
      scratch.path());
  const auto line = run.process->wait_for_line("listening ", kStartTimeout);
  INFO(run.process->output_tail());
  REQUIRE(line.has_value());
  run.port = port_of(line_fields(*line)["http"]);
  REQUIRE(run.port > 0);
  return run;
}

BusKeyFiles make_bus_keys(const ScratchDir& scratch, const std::string& name) {
  const std::filesystem::path program = binary("common/bus/tagwire-bus-keys");
  require_executable(program);
  const std::filesystem::path dir = scratch.path() / "keys";
  std::filesystem::create_directories(dir);
  BusKeyFiles files{dir / (name + ".secret"), dir / (name + ".public"), {}};
  Process tool(ProcessSpec{"keys-" + name, program,
                           {"--secret-file", files.secret_file.string(), "--public-file", files.public_file.string()},
                           {}},
               scratch.path());
  REQUIRE(tagwire::testing::wait_until([&] { return !tool.running(); }, kStartTimeout));
  std::ifstream in(files.public_file);
  std::getline(in, files.public_key);
  INFO(tool.output_tail());
  REQUIRE(files.public_key.size() == 40);
  return files;
}

rapidjson::Document api_counters(int api_port) {
  const HttpAnswer answer = http_get(api_port, "/debug/counters", std::chrono::seconds(10));
  if (answer.status != 200) return parse_json("");
  return parse_json(answer.body);
}

int64_t broker_counter(int api_port, const char* name) {
  const rapidjson::Document doc = api_counters(api_port);
  return json_int(doc, ("/broker/" + std::string(name)).c_str());
}

void require_workers(int api_port, int64_t count) {
  int64_t seen = -1;
  const bool reached = testing::wait_until(
      [&] {
        seen = broker_counter(api_port, "workers");
        return seen == count;
      },
      kStartTimeout, std::chrono::milliseconds(50));
  INFO("workers registered: " << seen << ", expected " << count);
  REQUIRE(reached);
}

}  // namespace tagwire::e2e
