// The services name their threads, so `top -H` and `ps -L` tell them apart.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "support/stack.h"

namespace tagwire::e2e {
namespace {

std::set<std::string> thread_names(pid_t pid) {
  std::set<std::string> names;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    if (std::getline(comm, name)) names.insert(name);
  }
  return names;
}

}  // namespace

TEST_CASE("the API's and a worker's threads carry their roles' names", "[e2e][integration]") {
  ScratchDir scratch;
  ApiRun api = start_api(scratch, api_spec(scratch));
  auto worker = start_worker(scratch, api.bus, worker_spec());
  require_workers(api.http_port, 1);

  const std::set<std::string> api_threads = thread_names(api.process->pid());
  for (const char* name : {"tw-broker", "tw-index-write", "tw-http", "tw-http-accept"}) {
    INFO(name);
    CHECK(api_threads.count(name) == 1);
  }
  const std::set<std::string> worker_threads = thread_names(worker->pid());
  for (const char* name : {"tw-bus-link", "tw-compute", "tw-fetch"}) {
    INFO(name);
    CHECK(worker_threads.count(name) == 1);
  }
}

}  // namespace tagwire::e2e
