// The API over real HTTP, in process: a real TagIndex in a temp dir and a real
// Broker on tcp://127.0.0.1:* with no compute worker connected.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include <chrono>
#include <string>

#include "http_test_api.h"
#include "raw_connection.h"
#include "tagwire/api/tag_index.h"

using namespace tagwire;
using namespace tagwire::api;
using tagwire::api::testing::parse_json;
using tagwire::api::testing::RunningApi;

namespace {

// Checks an answer is DESIGN.md's error shape and returns its type.
std::string error_type(const httplib::Result& res) {
  REQUIRE(res);
  CHECK(res->get_header_value("Content-Type") == "application/json");
  rapidjson::Document doc = parse_json(res->body);
  REQUIRE(doc.HasMember("error"));
  CHECK(doc["error"]["message"].IsString());
  CHECK(std::string(doc["error"]["request_id"].GetString()) == res->get_header_value("X-Request-Id"));
  return doc["error"]["type"].GetString();
}

void seed_page(const std::string& data_dir, const std::string& url, std::vector<std::string> tags) {
  auto index = TagIndex::open(data_dir);
  REQUIRE(index);
  IndexedPage page;
  page.url = url;
  page.final_url = url;
  page.title = "seeded";
  page.computed_at_ms = 1714564800000;
  for (auto& tag : tags) page.tags.push_back(IndexedTag{tag, 0.5, "inferred"});
  Status written = index.value()->put(page).get();
  REQUIRE(written);
}

}  // namespace

TEST_CASE("healthz answers ok while no worker is connected", "[http][integration]") {
  RunningApi api;
  auto res = api.client().Get("/healthz");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(parse_json(res->body)["status"].GetString() == std::string("ok"));
}

TEST_CASE("readyz answers 503 unready and names the missing worker", "[http][integration]") {
  RunningApi api;
  auto res = api.client().Get("/readyz");
  REQUIRE(res);
  CHECK(res->status == 503);
  rapidjson::Document doc = parse_json(res->body);
  CHECK(doc["status"].GetString() == std::string("unready"));
  REQUIRE(doc["reasons"].Size() == 1);
  CHECK(std::string(doc["reasons"][0].GetString()).find("worker") != std::string::npos);
}

TEST_CASE("tags answers 503 no_workers at once when no worker is connected", "[http][integration]") {
  RunningApi api;
  const auto start = std::chrono::steady_clock::now();
  auto res = api.client().Get("/api/v1/tags?url=http%3A%2F%2Fexample.com%2Fpage");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE(res);
  CHECK(res->status == 503);
  CHECK(res->get_header_value("Retry-After") == "1");
  CHECK(error_type(res) == "no_workers");
  CHECK(elapsed < std::chrono::seconds(1));  // not the 5 s request budget
}

TEST_CASE("POST tags reads url and refresh from a JSON body", "[http][integration]") {
  RunningApi api;
  auto ok_shape = api.client().Post("/api/v1/tags", R"({"url": "https://example.com/", "refresh": true})",
                                    "application/json");
  REQUIRE(ok_shape);
  CHECK(ok_shape->status == 503);  // validated, then no worker
  CHECK(error_type(ok_shape) == "no_workers");

  auto not_json = api.client().Post("/api/v1/tags", "{url:", "application/json");
  CHECK(not_json->status == 400);
  CHECK(error_type(not_json) == "bad_request");

  auto bad_refresh = api.client().Post("/api/v1/tags", R"({"url": "https://example.com/", "refresh": "yes"})",
                                       "application/json");
  CHECK(bad_refresh->status == 400);
  CHECK(error_type(bad_refresh) == "bad_request");
}

TEST_CASE("POST tags takes a JSON body, or one without Content-Type, and answers 415 to others",
          "[http][integration]") {
  RunningApi api;
  const std::string body = R"({"url": "https://example.com/"})";
  auto form = api.client().Post("/api/v1/tags", body, "application/x-www-form-urlencoded");  // curl -d
  REQUIRE(form);
  CHECK(form->status == 415);
  CHECK(error_type(form) == "unsupported_media_type");
  auto with_charset = api.client().Post("/api/v1/tags", body, "application/json; charset=utf-8");
  REQUIRE(with_charset);
  CHECK(error_type(with_charset) == "no_workers");  // read, then no worker
  // httplib's client always sends a Content-Type; a raw request sends none.
  const std::string untyped = tagwire::api::testing::exchange(
      api.port(), "POST /api/v1/tags HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(body.size()) +
                      "\r\n\r\n" + body);
  CHECK(tagwire::api::testing::statuses(untyped) == std::vector<int>{503});
  CHECK(untyped.find("\"no_workers\"") != std::string::npos);
}

TEST_CASE("a tags request without url is a 400 bad_request", "[http][integration]") {
  RunningApi api;
  auto res = api.client().Get("/api/v1/tags");
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK(error_type(res) == "bad_request");
}

TEST_CASE("an ftp URL is a 400 invalid_url and never reaches the bus", "[http][integration]") {
  RunningApi api;
  auto res = api.client().Get("/api/v1/tags?url=ftp%3A%2F%2Fexample.com%2F");
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK(error_type(res) == "invalid_url");
  auto counters = parse_json(api.client().Get("/debug/counters")->body);
  CHECK(counters["broker"]["no_worker_rejections"].GetUint64() == 0);
}

TEST_CASE("a URL with a non-ASCII host is a 400 invalid_url and never reaches the bus", "[http][integration]") {
  RunningApi api;
  auto res = api.client().Get("/api/v1/tags?url=http%3A%2F%2Fb%C3%BCcher.example%2F");
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK(error_type(res) == "invalid_url");
  CHECK_THAT(parse_json(res->body)["error"]["message"].GetString(), Catch::Contains("xn--"));
  auto counters = parse_json(api.client().Get("/debug/counters")->body);
  CHECK(counters["broker"]["no_worker_rejections"].GetUint64() == 0);
}

TEST_CASE("a page URL with its own query string may be given unencoded", "[http][integration]") {
  RunningApi api;
  // What people type: the '?' of the page's query is not percent-encoded.
  auto res = api.client().Get("/api/v1/tags?url=http://a.example/article?id=3");
  REQUIRE(res);
  CHECK(res->status == 503);  // it got as far as the bus: no worker here
  CHECK(error_type(res) == "no_workers");
}

TEST_CASE("urls answers from the tag index without workers by normalized tag", "[http][integration]") {
  RunningApi api({}, [](const std::string& dir) {
    seed_page(dir, "http://a.example/", {"sourdough starter", "bread"});
    seed_page(dir, "http://b.example/", {"sourdough starter"});
  });
  auto res = api.client().Get("/api/v1/urls?tag=Sourdough-Starters");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  rapidjson::Document doc = parse_json(res->body);
  CHECK(doc["tag"].GetString() == std::string("sourdough starters"));
  REQUIRE(doc["urls"].Size() == 2);
  CHECK(doc["urls"][0].GetString() == std::string("http://a.example/"));
  CHECK(doc["urls"][1].GetString() == std::string("http://b.example/"));
  CHECK(doc["next_cursor"].IsNull());
}

TEST_CASE("urls finds a tag in any case, slug form or number, however the page spelled it", "[http][integration]") {
  RunningApi api({}, [](const std::string& dir) {
    seed_page(dir, "http://declared.example/", {"web services"});
    seed_page(dir, "http://inferred.example/", {"web service", "meeting"});
  });
  for (const char* query : {"Web-Services", "web service", "WEB_SERVICE"}) {
    INFO(query);
    auto found = parse_json(api.client().Get(std::string("/api/v1/urls?tag=") + query)->body);
    REQUIRE(found["urls"].Size() == 2);
    CHECK(found["urls"][0].GetString() == std::string("http://declared.example/"));
    CHECK(found["urls"][1].GetString() == std::string("http://inferred.example/"));
  }
  auto declared = parse_json(api.client().Get("/api/v1/urls?tag=Web-Services")->body);
  CHECK(declared["tag"].GetString() == std::string("web services"));
  auto inferred = parse_json(api.client().Get("/api/v1/urls?tag=Meetings")->body);
  CHECK(inferred["tag"].GetString() == std::string("meetings"));
  REQUIRE(inferred["urls"].Size() == 1);
}

TEST_CASE("urls pages with limit and cursor", "[http][integration]") {
  RunningApi api({}, [](const std::string& dir) {
    seed_page(dir, "http://a.example/", {"bread"});
    seed_page(dir, "http://b.example/", {"bread"});
    seed_page(dir, "http://c.example/", {"bread"});
  });
  auto first = parse_json(api.client().Get("/api/v1/urls?tag=bread&limit=2")->body);
  REQUIRE(first["urls"].Size() == 2);
  REQUIRE(first["next_cursor"].IsString());
  httplib::Params params{{"tag", "bread"}, {"limit", "2"}, {"cursor", first["next_cursor"].GetString()}};
  auto second_res = api.client().Get("/api/v1/urls", params, httplib::Headers{});
  REQUIRE(second_res);
  auto second = parse_json(second_res->body);
  REQUIRE(second["urls"].Size() == 1);
  CHECK(second["urls"][0].GetString() == std::string("http://c.example/"));
  CHECK(second["next_cursor"].IsNull());

  auto bad_limit = api.client().Get("/api/v1/urls?tag=bread&limit=0");
  CHECK(bad_limit->status == 400);
  CHECK(error_type(bad_limit) == "bad_request");
  auto no_tag = api.client().Get("/api/v1/urls");
  CHECK(no_tag->status == 400);
}

TEST_CASE("the benchmark paths answer like REST for their fixed URL and tag", "[http][integration]") {
  RunningApi api([](ApiConfig& c) { c.bench_tag = "Breads"; },
                 [](const std::string& dir) { seed_page(dir, "http://a.example/", {"bread"}); });
  auto urls = api.client().Get("/benchmark/get-urls");
  REQUIRE(urls);
  CHECK(urls->status == 200);
  auto doc = parse_json(urls->body);
  CHECK(doc["tag"].GetString() == std::string("breads"));
  CHECK(doc["urls"].Size() == 1);
  auto tags = api.client().Get("/benchmark/get-tags");
  REQUIRE(tags);
  CHECK(tags->status == 503);
  CHECK(error_type(tags) == "no_workers");
}

TEST_CASE("an unknown path answers 404 in JSON", "[http][integration]") {
  RunningApi api;
  auto res = api.client().Get("/no/such/path");
  REQUIRE(res);
  CHECK(res->status == 404);
  CHECK(error_type(res) == "not_found");
}

TEST_CASE("a known path with the wrong method answers 405 in JSON with Allow", "[http][integration]") {
  RunningApi api;
  auto get_graph = api.client().Get("/api/v1/graph");
  REQUIRE(get_graph);
  CHECK(get_graph->status == 405);
  CHECK(get_graph->get_header_value("Allow") == "POST");
  CHECK(error_type(get_graph) == "method_not_allowed");
  auto post_health = api.client().Post("/healthz", "", "text/plain");
  REQUIRE(post_health);
  CHECK(post_health->status == 405);
}

TEST_CASE("a client's X-Request-Id is echoed and one is made when absent", "[http][integration]") {
  RunningApi api;
  auto echoed = api.client().Get("/no/such/path", httplib::Headers{{"X-Request-Id", "trace-7f3a"}});
  REQUIRE(echoed);
  CHECK(echoed->get_header_value("X-Request-Id") == "trace-7f3a");
  CHECK(parse_json(echoed->body)["error"]["request_id"].GetString() == std::string("trace-7f3a"));
  auto made = api.client().Get("/healthz");
  REQUIRE(made);
  CHECK(made->get_header_value("X-Request-Id").size() == 32);
}

TEST_CASE("a body over max-body-bytes answers 413 in JSON", "[http][integration]") {
  RunningApi api([](ApiConfig& c) { c.max_body_bytes = 1024; });
  auto res = api.client().Post("/api/v1/tags", std::string(4096, 'x'), "application/json");
  REQUIRE(res);
  CHECK(res->status == 413);
  CHECK(error_type(res) == "payload_too_large");
}

TEST_CASE("headers over max-header-bytes answer 431 in JSON", "[http][integration]") {
  RunningApi api([](ApiConfig& c) { c.max_header_bytes = 1024; });
  httplib::Headers headers;
  for (int i = 0; i < 20; ++i) headers.emplace("X-Filler-" + std::to_string(i), std::string(100, 'h'));
  auto res = api.client().Get("/healthz", headers);
  REQUIRE(res);
  CHECK(res->status == 431);
  CHECK(error_type(res) == "headers_too_large");
}

TEST_CASE("debug counters count answers by status and broker rejections", "[http][integration]") {
  RunningApi api;
  api.client().Get("/healthz");
  api.client().Get("/nowhere");
  api.client().Get("/api/v1/tags?url=http%3A%2F%2Fexample.com%2F");
  // The broker publishes its figures after each loop turn, so they may trail
  // the answer by a moment.
  rapidjson::Document doc;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  do {
    doc = parse_json(api.client().Get("/debug/counters")->body);
  } while (doc["broker"]["no_worker_rejections"].GetUint64() == 0 && std::chrono::steady_clock::now() < give_up);
  CHECK(doc["http"]["by_status"]["200"].GetUint64() == 1);
  CHECK(doc["http"]["by_status"]["404"].GetUint64() == 1);
  CHECK(doc["http"]["by_status"]["503"].GetUint64() == 1);
  CHECK(doc["broker"]["no_worker_rejections"].GetUint64() == 1);
  CHECK(doc["broker"]["workers"].GetUint64() == 0);
  CHECK(doc["broker"].HasMember("coalesced"));
  CHECK(doc["broker"].HasMember("late_replies"));
  CHECK(doc["broker"].HasMember("queue_length"));
}

TEST_CASE("shutdown answers the requests already made and stops listening", "[http][integration]") {
  RunningApi api;
  REQUIRE(api.client().Get("/healthz")->status == 200);
  const int port = api.port();
  api.service().shutdown();
  httplib::Client after("127.0.0.1", port);
  after.set_connection_timeout(std::chrono::seconds(1));
  CHECK_FALSE(after.Get("/healthz"));
}
