// Pure pieces of the HTTP layer: error mapping, request ids, JSON bodies and
// the growing thread pool.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "tagwire/api/http_errors.h"
#include "tagwire/api/http_json.h"
#include "tagwire/api/http_request_line.h"
#include "tagwire/api/http_request_id.h"
#include "tagwire/api/http_response.h"
#include "tagwire/api/http_worker_pool.h"

using namespace tagwire;
using namespace tagwire::api;

TEST_CASE("error kinds map to DESIGN.md's statuses", "[http][errors]") {
  CHECK(http_status_for(ErrorKind::kBadRequest) == 400);
  CHECK(http_status_for(ErrorKind::kGraphqlSyntax) == 400);
  CHECK(http_status_for(ErrorKind::kInvalidUrl) == 400);
  CHECK(http_status_for(ErrorKind::kBlockedAddress) == 403);
  CHECK(http_status_for(ErrorKind::kNotHtml) == 422);
  CHECK(http_status_for(ErrorKind::kTooLarge) == 422);
  CHECK(http_status_for(ErrorKind::kTargetUnreachable) == 502);
  CHECK(http_status_for(ErrorKind::kNoWorkers) == 503);
  CHECK(http_status_for(ErrorKind::kOverloaded) == 503);
  CHECK(http_status_for(ErrorKind::kShuttingDown) == 503);
  CHECK(http_status_for(ErrorKind::kDeadline) == 504);
  CHECK(http_status_for(ErrorKind::kInternal) == 500);
}

TEST_CASE("a target's 4xx answers 422 and its 5xx answers 502", "[http][errors]") {
  CHECK(http_status_for(ErrorKind::kTargetStatus, 404) == 422);
  CHECK(http_status_for(ErrorKind::kTargetStatus, 503) == 502);

  httplib::Response res;
  respond_error(res, Error::target(502, "target answered HTTP 502 for http://a.example/"), "r1");
  CHECK(res.status == 502);
  httplib::Response client_error;
  respond_error(client_error, Error::target(410, "target answered HTTP 410 for http://a.example/"), "r2");
  CHECK(client_error.status == 422);
}

TEST_CASE("an error body carries type and message and request id as valid JSON", "[http][errors]") {
  const std::string body = error_body("invalid_url", "bad \"url\"\n\xff", "abc");
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  REQUIRE_FALSE(doc.HasParseError());
  CHECK(std::string(doc["error"]["type"].GetString()) == "invalid_url");
  CHECK(std::string(doc["error"]["request_id"].GetString()) == "abc");
  CHECK(std::string(doc["error"]["message"].GetString()).starts_with("bad \"url\"\n"));
}

TEST_CASE("a 503 answer tells the client when to retry", "[http][errors]") {
  httplib::Response res;
  respond_error(res, Error{ErrorKind::kOverloaded, "queue full"}, "r");
  CHECK(res.status == 503);
  CHECK(res.get_header_value("Retry-After") == "1");
  httplib::Response bad;
  respond_error(bad, Error{ErrorKind::kBadRequest, "no"}, "r");
  CHECK_FALSE(bad.has_header("Retry-After"));
}

TEST_CASE("a client's request id is kept when reasonable and replaced otherwise", "[http][request-id]") {
  CHECK(request_id_for("trace-42.a:b_c") == "trace-42.a:b_c");
  const std::string fresh = request_id_for("has space");
  CHECK(fresh.size() == 32);
  CHECK(request_id_for(std::string(129, 'a')).size() == 32);
  CHECK(request_id_for("") != request_id_for(""));
}

TEST_CASE("a tags answer lists tag names sorted for GraphQL and scored for REST", "[http][json]") {
  TagAnswer answer{"http://a.example/", "http://a.example/final", "T",
                   {{"zebra", 0.5, "inferred"}, {"apple", 1.0, "declared"}}, 0, true};
  CHECK(sorted_tag_names(answer) == std::vector<std::string>{"apple", "zebra"});
  rapidjson::Document doc;
  doc.Parse(tags_answer_json(answer).c_str());
  REQUIRE_FALSE(doc.HasParseError());
  CHECK(doc["cached"].GetBool());
  CHECK(std::string(doc["computed_at"].GetString()) == "1970-01-01T00:00:00.000Z");
  REQUIRE(doc["tags"].Size() == 2);
  CHECK(std::string(doc["tags"][0]["tag"].GetString()) == "zebra");
  CHECK(doc["tags"][0]["score"].GetDouble() == 0.5);
  CHECK(std::string(doc["tags"][1]["source"].GetString()) == "declared");
}

TEST_CASE("a '?' or a second '=' inside a query is escaped for httplib, nothing else", "[http][request-line]") {
  CHECK(escape_query_for_httplib("GET /api/v1/tags?url=http://a.example/p?id=3&x=?y HTTP/1.1\r") ==
        "GET /api/v1/tags?url=http://a.example/p%3Fid%3D3&x=%3Fy HTTP/1.1\r");
  CHECK(escape_query_for_httplib("GET /api/v1/urls?tag=bread&limit=2 HTTP/1.1\r") ==
        "GET /api/v1/urls?tag=bread&limit=2 HTTP/1.1\r");
  CHECK(escape_query_for_httplib("GET /healthz HTTP/1.1") == "GET /healthz HTTP/1.1");
  CHECK(escape_query_for_httplib("GET /a?? HTTP/1.1") == "GET /a?%3F HTTP/1.1");
  CHECK(escape_query_for_httplib("GET /a?b=c==&d=e=f") == "GET /a?b=c%3D%3D&d=e%3Df");  // no version
  CHECK(escape_query_for_httplib("GET /p=q?r=s HTTP/1.1") == "GET /p=q?r=s HTTP/1.1");   // '=' in the path
  CHECK(escape_query_for_httplib("WHAT?") == "WHAT?");                                   // no target
  CHECK(escape_query_for_httplib("") == "");
}

TEST_CASE("the HTTP pool grows past its minimum when every thread is blocked", "[http][pool]") {
  PoolGauges gauges;
  std::mutex mutex;
  std::condition_variable released;
  bool release = false;
  std::atomic<int> started{0};
  {
    HttpWorkerPool pool(2, 16, gauges);
    for (int i = 0; i < 10; ++i) {
      pool.enqueue([&] {
        ++started;
        std::unique_lock lock(mutex);
        released.wait(lock, [&] { return release; });
      });
    }
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (started.load() < 10 && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    CHECK(started.load() == 10);
    CHECK(gauges.threads.load() >= 10);
    CHECK(gauges.threads.load() <= 16);
    {
      std::lock_guard lock(mutex);
      release = true;
    }
    released.notify_all();
    pool.shutdown();
  }
  CHECK(gauges.threads.load() == 0);
  CHECK(gauges.peak_threads.load() >= 10);
}

TEST_CASE("the HTTP pool stops growing at its maximum and runs the rest in order", "[http][pool]") {
  PoolGauges gauges;
  std::atomic<int> done{0};
  {
    HttpWorkerPool pool(1, 3, gauges);
    for (int i = 0; i < 50; ++i) {
      pool.enqueue([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        ++done;
      });
    }
    pool.shutdown();  // runs everything queued, then joins
  }
  CHECK(done.load() == 50);
  CHECK(gauges.peak_threads.load() <= 3);
}
