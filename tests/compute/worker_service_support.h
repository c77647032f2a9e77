// What the worker-service tests run against: a real broker on an ephemeral
// loopback endpoint with a real WorkerService connected to it, and a
// cpp-httplib site serving a folder of pages. Everything stops in destructors.
#pragma once

#include <httplib.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "tagwire/bus/broker.h"
#include "tagwire/common/url.h"
#include "tagwire/compute/worker_service.h"

namespace tagwire::compute::testing {

using namespace std::chrono_literals;

// Serves the files of `folder` at "/", plus /heavy: a 1.5 MB page made to
// keep the engine busy (deep nesting and megabytes of varied text), and
// /long, which keeps it busy longer.
class FolderSite {
 public:
  explicit FolderSite(const std::string& folder) {
    if (!server_.set_mount_point("/", folder)) throw std::runtime_error("cannot serve " + folder);
    server_.Get("/heavy", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(heavy_page(), "text/html; charset=utf-8");
    });
    server_.Get("/long", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(long_page(), "text/html; charset=utf-8");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("folder site could not bind 127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    const auto give_up = std::chrono::steady_clock::now() + 5s;
    while (!server_.is_running() && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(5ms);
  }
  ~FolderSite() {
    server_.stop();
    thread_.join();
  }
  FolderSite(const FolderSite&) = delete;
  FolderSite& operator=(const FolderSite&) = delete;

  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

  // About 1.5 MB: 2000 nested <div>s, then paragraphs whose words never repeat
  // exactly, so every noun phrase is a new candidate for the ranker.
  static std::string heavy_page() {
    std::string page = "<!doctype html><html><head><title>Heavy</title></head><body>";
    for (int i = 0; i < 2000; ++i) page += "<div>";
    static const char* const kWords[] = {"river", "engine", "garden", "quantum", "harbour", "violin",
                                         "glacier", "lantern", "meadow", "circuit", "pepper", "saddle"};
    std::size_t n = 0;
    while (page.size() < 1'500'000) {
      page += "<p>";
      for (int w = 0; w < 40; ++w, ++n) {
        page += kWords[n % 12];
        page += std::to_string(n % 977);
        page += w % 9 == 8 ? ". " : " ";
      }
      page += "</p>";
    }
    return page + "</body></html>";
  }

  // About 4 MB of one-sentence paragraphs, each naming a new word: the most
  // engine time a page under the fetch limit was found to take (about a
  // second in a release build).
  static std::string long_page() {
    std::string page = "<!doctype html><html><head><title>Long</title></head><body>";
    for (int i = 0; i < 170'000; ++i) page += "<p>Word" + std::to_string(i) + " is here. </p>";
    return page + "</body></html>";
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

// The config the tests start from: one CPU thread (capacity 4), the test
// sites allowed on loopback, a short heartbeat so registration is quick.
inline WorkerConfig test_worker_config(std::string allow_private = "127.0.0.1/32") {
  WorkerConfig config;
  config.cpu_threads = 1;
  config.allow_private = std::move(allow_private);
  config.heartbeat = 200ms;
  config.name = "test-worker";
  return config;
}

// test_worker_config() with room for fetching /heavy on a loaded machine.
inline WorkerConfig heavy_page_config() {
  WorkerConfig config = test_worker_config();
  config.fetch_timeout = 60s;
  return config;
}

// A broker and one worker connected to it, registered before the constructor returns.
class WorkerHarness {
 public:
  explicit WorkerHarness(WorkerConfig config = test_worker_config()) {
    bus::BrokerOptions options;
    options.bind = "tcp://127.0.0.1:*";
    options.heartbeat_ms = static_cast<int>(config.heartbeat.count());
    auto broker = bus::Broker::start(options);
    if (!broker) throw std::runtime_error(broker.error().message);
    broker_ = std::move(broker.value());
    config.bus_connect = broker_->endpoint();
    auto service = WorkerService::start(std::move(config));
    if (!service) throw std::runtime_error(service.error().message);
    service_ = std::move(service.value());
    const auto give_up = std::chrono::steady_clock::now() + 5s;
    while (broker_->stats().workers == 0 && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(5ms);
    }
    if (broker_->stats().workers == 0) throw std::runtime_error("the worker did not register");
  }
  ~WorkerHarness() {
    service_.reset();
    broker_.reset();
  }
  WorkerHarness(const WorkerHarness&) = delete;
  WorkerHarness& operator=(const WorkerHarness&) = delete;

  // Sends a tags job for `url` (normalized here) and waits for its answer.
  Result<bus::JobReply> ask(const std::string& url, bool refresh = false, std::chrono::milliseconds budget = 10s) {
    auto key = normalize_url(url);
    if (!key) return key.error();
    return broker_->call(key.value(), refresh, std::chrono::steady_clock::now() + budget);
  }

  WorkerService& service() { return *service_; }
  bus::Broker& broker() { return *broker_; }
  // Stops the worker (drain and DISCONNECT) while the broker lives on.
  void stop_worker() { service_->stop(); }

 private:
  std::unique_ptr<bus::Broker> broker_;
  std::unique_ptr<WorkerService> service_;
};

}  // namespace tagwire::compute::testing
