// Heartbeats under load: a worker whose every slot and CPU thread stays busy
// for 30 s must keep heartbeating (they come from its socket thread), so the
// API never expires it and the worker never thinks the API went silent.
#include <unistd.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <map>
#include <mutex>
#include <sstream>
#include <vector>

#include "files.h"
#include "ports.h"
#include "support/page_server.h"
#include "support/stack.h"

namespace tagwire::e2e {
namespace {

// User + system CPU seconds a process has used (from /proc/PID/stat).
double cpu_seconds(pid_t pid) {
  const std::string stat = testing::read_file("/proc/" + std::to_string(pid) + "/stat");
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  long ticks = 0;
  for (int i = 3; fields >> field && i <= 15; ++i) {
    if (i == 14 || i == 15) ticks += std::stol(field);  // utime, stime
  }
  return static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace

TEST_CASE("a worker saturated for 30 s is never expired and never reconnects", "[e2e][integration][slow]") {
  constexpr int kCapacity = 4;
  constexpr int kClients = kCapacity + 2;  // two more than the slots, so the queue never drains
  constexpr auto kLoad = std::chrono::seconds(30);
  ScratchDir scratch;
  PageServer pages;
  pages.add_page("/long.html", large_page(1024 * 1024));
  ApiRun api = start_api(scratch, api_spec(scratch));
  const int metrics_port = testing::free_port();  // the worker's metrics flag has no "pick one"
  WorkerSpec spec = worker_spec("worker", kCapacity, 1);
  spec.extra_args = {"--metrics-port", std::to_string(metrics_port), "--metrics-host", "127.0.0.1"};
  auto worker = start_worker(scratch, api.bus, spec);
  require_workers(api.http_port, 1);
  const double cpu_before = cpu_seconds(worker->pid());

  std::atomic<bool> stop{false};
  std::atomic<int> next_page{0};
  std::mutex statuses_mutex;
  std::map<int, int> statuses;
  std::vector<std::future<void>> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.push_back(std::async(std::launch::async, [&] {
      while (!stop) {
        // A new query string each time: never a cache hit, always a fetch and a full tagging.
        const HttpAnswer answer = rest_tags(api.http_port, pages.url("/long.html?n=" + std::to_string(next_page++)));
        std::lock_guard lock(statuses_mutex);
        ++statuses[answer.status];
      }
    }));
  }
  int samples = 0;
  int full_samples = 0;
  const auto end = std::chrono::steady_clock::now() + kLoad;
  while (std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    ++samples;
    if (broker_counter(api.http_port, "in_flight") == kCapacity) ++full_samples;
  }
  stop = true;
  for (auto& client : clients) client.get();
  const double cpu_used = cpu_seconds(worker->pid()) - cpu_before;

  const HttpAnswer worker_counters = http_get(metrics_port, "/debug/counters");
  INFO("worker counters: " << worker_counters.describe());
  const auto worker_doc = parse_json(worker_counters.body);
  const auto api_doc = api_counters(api.http_port);
  INFO("samples with every slot taken: " << full_samples << " of " << samples);
  INFO("worker CPU seconds over the load: " << cpu_used);
  INFO("pages answered: " << next_page.load());
  INFO("200s: " << statuses[200] << ", answers: " << statuses.size() << " statuses");
  CHECK(full_samples * 10 >= samples * 9);
  CHECK(cpu_used >= 5.0);
  CHECK(json_int(api_doc, "/broker/expired_workers") == 0);
  CHECK(json_int(api_doc, "/broker/disconnected_workers") == 0);
  CHECK(json_int(api_doc, "/broker/retries") == 0);
  CHECK(json_int(api_doc, "/broker/workers") == 1);
  CHECK(statuses.size() == 1);
  CHECK(statuses[200] >= kClients);
  REQUIRE(worker_counters.status == 200);
  CHECK(json_int(worker_doc, "/link/reconnects") == 0);
  CHECK(json_int(worker_doc, "/link/readies_sent") == 1);
  // One heartbeat per interval at least, give or take the start and the end.
  CHECK(json_int(worker_doc, "/link/heartbeats_sent") >= kLoad.count() * 1000 / kHeartbeatMs - 4);
}

}  // namespace tagwire::e2e
