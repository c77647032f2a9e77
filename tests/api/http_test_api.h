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
#include <string>

#include <httplib.h>
#include <rapidjson/document.h>

#include "tagwire/api/api_service.h"
#include "tagwire/api/config.h"
#include "tagwire/common/log.h"
#include "query_escape.h"
#include "temp_dir.h"

namespace tagwire::api::testing {

// An answer's JSON body, parsed; fails the test unless it is a JSON object.
inline rapidjson::Document parse_json(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  REQUIRE_FALSE(doc.HasParseError());
  REQUIRE(doc.IsObject());
  return doc;
}

// The REST path asking for `url`'s tags.
inline std::string tags_path(const std::string& url) {
  return "/api/v1/tags?url=" + tagwire::testing::query_escape(url);
}

inline ApiConfig test_config(const tagwire::testing::TempDir& dir) {
  ApiConfig config;
  config.http_port = 0;
  config.bus_bind = "tcp://127.0.0.1:*";
  config.data_dir = dir.path().string();
  config.log.level = "warn";
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
  tagwire::testing::TempDir dir_;  // constructed first, destroyed last
  std::unique_ptr<ApiService> service_;
};

}  // namespace tagwire::api::testing
