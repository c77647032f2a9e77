// GET /metrics and GET /admin/state of the API, with a scripted worker on the bus.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "http_test_api.h"
#include "query_escape.h"
#include "scripted_worker.h"
#include "tagwire/api/api_metrics.h"
#include "tagwire/common/log.h"

using namespace tagwire;
using namespace tagwire::api;
using tagwire::LogOptions;
using tagwire::api::testing::parse_json;
using tagwire::api::testing::RunningApi;
using tagwire::api::testing::tags_path;
using tagwire::api::testing::ScriptedWorker;
using tagwire::api::testing::wait_until_ready;

namespace {

// Every sample of an exposition, by its name with labels ("a{b=\"c\"}"),
// after checking each line is a HELP, a TYPE or a well-formed sample, and
// that no family is described twice.
std::map<std::string, double> parse_exposition(const std::string& text) {
  static const std::regex sample(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})?) (\S+)$)");
  static const std::regex comment(R"(^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$)");
  std::map<std::string, double> samples;
  std::set<std::string> described;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, comment)) {
      INFO(line);
      CHECK(described.insert(m[1].str() + " " + m[2].str()).second);
    } else {
      INFO(line);
      REQUIRE(std::regex_match(line, m, sample));
      samples[m[1].str()] = std::stod(m[3].str() == "+Inf" ? "inf" : m[3].str());
    }
  }
  return samples;
}

}  // namespace

TEST_CASE("the API's /metrics counts a tags request at each layer it crossed", "[http][metrics][integration]") {
  RunningApi api;
  ScriptedWorker worker(api.service().bus_endpoint(), std::chrono::milliseconds(0));
  wait_until_ready(api);
  REQUIRE(api.client().Get(tags_path("http://example.com/metrics-page"))->status == 200);
  REQUIRE(api.client().Get("/api/v1/urls?tag=bread")->status == 200);
  REQUIRE(api.client().Get("/no/such/path")->status == 404);

  auto res = api.client().Get("/metrics");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0) == 0);
  const std::map<std::string, double> s = parse_exposition(res->body);

  CHECK(s.at(R"(tagwire_http_request_duration_seconds_count{method="GET",route="/api/v1/tags"})") == 1);
  CHECK(s.at(R"(tagwire_http_request_duration_seconds_count{method="GET",route="/api/v1/urls"})") == 1);
  CHECK(s.at(R"(tagwire_http_request_duration_seconds_bucket{method="GET",route="/api/v1/tags",le="+Inf"})") == 1);
  CHECK(s.at(R"(tagwire_http_request_duration_seconds_count{method="POST",route="/api/v1/tags"})") == 0);
  CHECK(s.at(R"(tagwire_http_requests_total{code="404"})") == 1);
  CHECK(s.at(R"(tagwire_http_requests_total{code="200"})") >= 3);  // readyz, tags, urls
  CHECK(s.at("tagwire_bus_jobs_sent_total") == 1);
  CHECK(s.at("tagwire_bus_replies_total") == 1);
  CHECK(s.at("tagwire_bus_workers") == 1);
  CHECK(s.at("tagwire_bus_capacity_credits") == 16);
  CHECK(s.at("tagwire_bus_queue_wait_seconds_count") == 1);
  CHECK(s.at("tagwire_index_pages_put_total") == 1);
  CHECK(s.at("process_resident_memory_bytes") > 0);
  CHECK(s.count("process_cpu_seconds_total") == 1);
}

TEST_CASE("render_api_metrics writes each figure under its name", "[http][metrics]") {
  ApiFigures f;
  f.answers_by_status = {{200, 7}, {503, 2}};
  f.routes.push_back({"GET", "/api/v1/tags", {}});
  f.routes.back().duration.observe(0.02);
  f.pool.busy = 3;
  f.answer_cache_hits = 5;
  f.broker.counters.retried = 4;
  f.broker.queued = 9;
  f.broker.queue_wait.observe(1.5);
  f.index.pending_writes = 11;
  const std::string text = render_api_metrics(f);
  for (const char* line : {"tagwire_http_requests_total{code=\"200\"} 7\n",
                           "tagwire_http_requests_total{code=\"503\"} 2\n",
                           "tagwire_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/tags\",le=\"0.01\"} 0\n",
                           "tagwire_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/tags\",le=\"0.025\"} 1\n",
                           "tagwire_http_pool_busy_threads 3\n", "tagwire_answer_cache_hits_total 5\n",
                           "tagwire_bus_retries_total 4\n", "tagwire_bus_queued_jobs 9\n",
                           "tagwire_bus_queue_wait_seconds_bucket{le=\"2.5\"} 1\n", "tagwire_bus_queue_wait_seconds_sum 1.5\n",
                           "tagwire_index_pending_writes 11\n", "# TYPE process_cpu_seconds_total counter\n"}) {
    INFO(line);
    CHECK(text.find(line) != std::string::npos);
  }
}

TEST_CASE("/admin is off without --admin-token", "[http][admin]") {
  RunningApi api;
  auto res = api.client().Get("/admin/state", {{"Authorization", "Bearer anything"}});
  REQUIRE(res);
  CHECK(res->status == 404);
}

TEST_CASE("/admin/state answers 401 without the token and the live state with it", "[http][admin][integration]") {
  RunningApi api([](ApiConfig& config) {
    config.admin_token = "s3cret-token";
    config.queue_limit = 77;
  });
  ScriptedWorker worker(api.service().bus_endpoint(), std::chrono::milliseconds(0), 5);
  wait_until_ready(api);

  for (const httplib::Headers& headers : {httplib::Headers{}, httplib::Headers{{"Authorization", "Bearer s3cret"}},
                                          httplib::Headers{{"Authorization", "Bearer s3cret-token-and-more"}},
                                          httplib::Headers{{"Authorization", "Basic s3cret-token"}},
                                          httplib::Headers{{"Authorization", "s3cret-token"}}}) {
    auto denied = api.client().Get("/admin/state", headers);
    REQUIRE(denied);
    CHECK(denied->status == 401);
    CHECK(denied->get_header_value("WWW-Authenticate").rfind("Bearer", 0) == 0);
    CHECK(parse_json(denied->body)["error"]["type"].GetString() == std::string("unauthorized"));
  }

  auto res = api.client().Get("/admin/state", {{"Authorization", "bearer s3cret-token"}});
  REQUIRE(res);
  REQUIRE(res->status == 200);
  auto state = parse_json(res->body);
  CHECK(state["config"]["queue_limit"].GetUint64() == 77);
  CHECK(state["config"]["bus_endpoint"].GetString() == api.service().bus_endpoint());
  REQUIRE(state["workers"].Size() == 1);
  CHECK(state["workers"][0]["name"].GetString() == std::string("scripted"));
  CHECK(state["workers"][0]["capacity"].GetInt() == 5);
  CHECK(state["workers"][0]["in_flight"].GetInt() == 0);
  CHECK(state["workers"][0]["silent_ms"].GetInt64() < 10'000);
  CHECK(state["counters"]["broker"]["workers"].GetUint64() == 1);
  CHECK(state["uptime_seconds"].GetInt64() >= 0);
}

// Sends the process's log lines to a string for one test, and back to stdout
// at the tests' level after it, however the test ends.
class CapturedLogs {
 public:
  explicit CapturedLogs(const std::string& level) {
    LogOptions options;
    options.level = level;
    options.logger = "api";
    options.stream = &lines_;
    REQUIRE(init_logging(options));
  }
  ~CapturedLogs() {
    LogOptions options;
    options.level = "warn";
    (void)init_logging(options);
  }
  std::string text() const { return lines_.str(); }

 private:
  std::ostringstream lines_;
};

TEST_CASE("/admin/log-level changes the log level at run time, with the token only", "[http][admin]") {
  RunningApi api([](ApiConfig& config) { config.admin_token = "tok-9f2c"; });
  CapturedLogs logs("trace");
  const httplib::Headers token{{"Authorization", "Bearer tok-9f2c"}};

  auto denied = api.client().Post("/admin/log-level", {{"Authorization", "Bearer tok-9f2"}}, R"({"level":"debug"})",
                                  "application/json");
  REQUIRE(denied);
  CHECK(denied->status == 401);
  CHECK(log_level() == "trace");

  auto bad = api.client().Post("/admin/log-level", token, R"({"level":"loud"})", "application/json");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(parse_json(bad->body)["error"]["message"].GetString() ==
        std::string("unknown log level 'loud' (trace, debug, info, warn, error, critical, off)"));
  CHECK(api.client().Post("/admin/log-level", token, "level=debug", "application/x-www-form-urlencoded")->status ==
        415);
  CHECK(api.client().Post("/admin/log-level", token, R"({"level":3})", "application/json")->status == 400);
  CHECK(log_level() == "trace");

  // Raising the level past warn still leaves its line, written before the change.
  auto changed = api.client().Post("/admin/log-level", token, R"({"level":"error"})", "application/json");
  REQUIRE(changed);
  CHECK(changed->status == 200);
  auto body = parse_json(changed->body);
  CHECK(body["level"].GetString() == std::string("error"));
  CHECK(body["previous"].GetString() == std::string("trace"));
  CHECK(log_level() == "error");
  CHECK(parse_json(api.client().Get("/admin/state", token)->body)["log_level"].GetString() == std::string("error"));
  const std::string text = logs.text();
  CHECK(text.find(R"("msg":"log level changed","from":"trace","to":"error","cause":"POST /admin/log-level, request )") !=
        std::string::npos);
  // Every request was logged at trace until then, the denied ones too: never the token.
  CHECK(text.find("\"msg\":\"answered\"") != std::string::npos);
  CHECK(text.find("tok-9f2") == std::string::npos);
}
