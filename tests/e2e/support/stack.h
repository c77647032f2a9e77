// Starting the stack's programs for a test and waiting until they are usable:
// tagwire-api on free ports, tagwire-compute workers connected to it,
// tagwire-static on the sample site, plus reading the API's /debug/counters.
//
// The start functions REQUIRE (Catch2) that the program came up, with its
// output in the failure message, and return it running; the returned objects
// own their processes (see process.h), so a test that fails part-way still
// stops everything it started.
// Thread safety: start functions from the test's thread; counter reads from any.
#pragma once

#include <rapidjson/document.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "http.h"
#include "process.h"

namespace tagwire::e2e {

// Generous: the machine running the suite may be loaded.
inline constexpr std::chrono::milliseconds kStartTimeout{30'000};
// Bus heartbeat used by every process of the suite (both sides must agree).
inline constexpr int kHeartbeatMs = 500;

struct ApiSpec {
  std::filesystem::path data_dir;             // required
  int http_port = 0;                          // 0: a free port
  std::string bus_bind = "tcp://127.0.0.1:*";
  int64_t request_timeout_ms = 20'000;
  std::size_t queue_limit = 256;
  std::vector<std::string> extra_args;
  std::string name = "api";
};

struct ApiRun {
  std::unique_ptr<Process> process;
  int http_port = 0;
  std::string bus;  // the bound endpoint, e.g. "tcp://127.0.0.1:41234"
};

struct WorkerSpec {
  std::string name = "worker";
  int capacity = 0;   // 0: the worker's default
  int threads = 1;
  std::vector<std::string> extra_args;
};

// The defaults above, with the index in <scratch>/data.
ApiSpec api_spec(const ScratchDir& scratch);
WorkerSpec worker_spec(std::string name = "worker", int capacity = 0, int threads = 1);

ApiRun start_api(const ScratchDir& scratch, ApiSpec spec);
std::unique_ptr<Process> start_worker(const ScratchDir& scratch, const std::string& bus, WorkerSpec spec);

struct StaticRun {
  std::unique_ptr<Process> process;
  int port = 0;
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port) + path; }
};
StaticRun start_static_site(const ScratchDir& scratch);

// A CURVE key pair for the bus, written by tagwire-bus-keys into
// <scratch>/keys/<name>.secret and .public.
struct BusKeyFiles {
  std::filesystem::path secret_file;
  std::filesystem::path public_file;
  std::string public_key;  // the public file's key
};
BusKeyFiles make_bus_keys(const ScratchDir& scratch, const std::string& name);

// GET /debug/counters, parsed (HasParseError() when the API did not answer).
rapidjson::Document api_counters(int api_port);
// One counter of the "broker" object, e.g. "jobs_sent"; -1 when unreadable.
int64_t broker_counter(int api_port, const char* name);
// REQUIREs that exactly `count` workers are registered within kStartTimeout.
void require_workers(int api_port, int64_t count);

}  // namespace tagwire::e2e
