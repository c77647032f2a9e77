// A real ApiService for HTTP tests: port 0, a bus on tcp://127.0.0.1:*, a tag
// index in a fresh temp dir, no compute workers. Stopped and removed by the
// destructor, so tests run in parallel and leave nothing behind.
#pragma once

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <unistd.h>

#include <httplib.h>

#include "tagwire/api/api_service.h"
#include "tagwire/api/config.h"
#include "tagwire/common/log.h"

namespace tagwire::api::testing {

// A directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("tagwire-http-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline ApiConfig test_config(const TempDir& dir) {
  ApiConfig config;
  config.http_port = 0;
  config.bus_bind = "tcp://127.0.0.1:*";
  config.data_dir = dir.path().string();
  config.log_level = "warn";
  return config;
}

class RunningApi {
 public:
  using Adjust = std::function<void(ApiConfig&)>;
  using Seed = std::function<void(const std::string& data_dir)>;

  // `adjust` changes the test config; `seed` runs on the data dir before start.
  explicit RunningApi(const Adjust& adjust = {}, const Seed& seed = {}) {
    set_log_level("warn");  // keep test output to what matters
    ApiConfig config = test_config(dir_);
    if (adjust) adjust(config);
    if (seed) seed(config.data_dir);
    auto started = ApiService::start(config);
    if (!started) FAIL("ApiService::start failed: " << started.error().message);
    service_ = std::move(started.value());
  }

  ApiService& service() { return *service_; }
  int port() const { return service_->http_port(); }

  // A client with short timeouts: a hang fails the test instead of stalling it.
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port());
    c.set_connection_timeout(std::chrono::seconds(5));
    c.set_read_timeout(std::chrono::seconds(10));
    return c;
  }

 private:
  TempDir dir_;  // constructed first, destroyed last
  std::unique_ptr<ApiService> service_;
};

}  // namespace tagwire::api::testing
