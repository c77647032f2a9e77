// DESIGN.md's error table, row by row, through the running stack: each failure
// answers its HTTP status and its error.type (REST) or extensions.type (GraphQL).
#include <catch2/catch.hpp>

#include <future>
#include <vector>

#include "ports.h"
#include "support/page_server.h"
#include "support/stack.h"
#include "wait.h"

namespace tagwire::e2e {

using testing::free_port;
using testing::wait_until;

namespace {

// One API with one worker and a page server, shared by the tests of this file
// whose requests leave nothing behind that another test could see.
struct FaultStack {
  ScratchDir scratch;
  PageServer pages;
  ApiRun api;
  std::unique_ptr<Process> worker;

  FaultStack() {
    pages.add_page("/ok.html", article_page("Shorter Standups", "team meetings", "meetings"));
    pages.add_page("/missing.html", "<html><body><p>gone</p></body></html>", "text/html", 404);
    pages.add_page("/broken.html", "<html><body><p>oops</p></body></html>", "text/html", 503);
    pages.add_page("/paper.pdf", "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n", "application/pdf");
    pages.add_page("/huge.html", large_page(6u * 1024u * 1024u));
    api = start_api(scratch, api_spec(scratch));
    worker = start_worker(scratch, api.bus, worker_spec());
    require_workers(api.http_port, 1);
  }
};

FaultStack& fault_stack() {
  static FaultStack stack;
  return stack;
}

void check_rest_error(const HttpAnswer& answer, int status, const std::string& type) {
  INFO(answer.describe());
  CHECK(answer.status == status);
  CHECK(json_string(parse_json(answer.body), "/error/type") == type);
  CHECK(!json_string(parse_json(answer.body), "/error/request_id").empty());
}

void check_graphql_request_error(const HttpAnswer& answer, const std::string& type) {
  INFO(answer.describe());
  CHECK(answer.status == 400);
  const auto doc = parse_json(answer.body);
  CHECK(json_string(doc, "/errors/0/extensions/type") == type);
  CHECK(!json_string(doc, "/errors/0/message").empty());
  CHECK(!doc.HasMember("data"));
}

// Retry-After in seconds; 0 when absent or not a number.
int retry_after_seconds(const HttpAnswer& answer) {
  int seconds = 0;
  for (char c : answer.retry_after) {
    if (c < '0' || c > '9') return 0;
    seconds = seconds * 10 + (c - '0');
  }
  return seconds;
}

}  // namespace

TEST_CASE("a query that does not parse or validate answers 400 graphql_syntax", "[e2e][integration]") {
  const int port = fault_stack().api.http_port;
  check_graphql_request_error(graphql(port, "{ tags(url: \"http://127.0.0.1/\" }"), "graphql_syntax");
  check_graphql_request_error(graphql(port, "{ pages(url: \"http://127.0.0.1/\") }"), "graphql_syntax");
  check_graphql_request_error(graphql(port, "{ tags }"), "graphql_syntax");
  check_graphql_request_error(graphql(port, "{ urls(tag: \"a\", colour: \"red\") }"), "graphql_syntax");
  check_graphql_request_error(graphql(port, "{ a: urls(tag: \"a\") b: urls(tag: \"b\") c: urls(tag: \"c\") "
                                            "d: urls(tag: \"d\") e: urls(tag: \"e\") f: urls(tag: \"f\") "
                                            "g: urls(tag: \"g\") h: urls(tag: \"h\") i: urls(tag: \"i\") "
                                            "j: urls(tag: \"j\") k: urls(tag: \"k\") }"),
                              "graphql_syntax");
}

TEST_CASE("a malformed request answers 400 bad_request", "[e2e][integration]") {
  const int port = fault_stack().api.http_port;
  check_graphql_request_error(http_post(port, "/api/v1/graph", "{\"query\": ", "application/json"), "bad_request");
  check_rest_error(http_get(port, "/api/v1/tags"), 400, "bad_request");
  check_rest_error(http_get(port, "/api/v1/urls"), 400, "bad_request");
  check_rest_error(http_post(port, "/api/v1/tags", "[1, 2]", "application/json"), 400, "bad_request");
}

TEST_CASE("a URL that is not http(s) answers invalid_url: 400 over REST, a field error over GraphQL",
          "[e2e][integration]") {
  const int port = fault_stack().api.http_port;
  check_rest_error(rest_tags(port, "ftp://127.0.0.1/file.html"), 400, "invalid_url");
  check_rest_error(rest_tags(port, "not a url at all"), 400, "invalid_url");

  const HttpAnswer graph = graphql(port, "{ bad: tags(url: \"file:///etc/passwd\") ok: urls(tag: \"x\") }");
  INFO(graph.describe());
  CHECK(graph.status == 200);
  const auto doc = parse_json(graph.body);
  CHECK(doc.HasParseError() == false);
  CHECK(json_string(doc, "/errors/0/extensions/type") == "invalid_url");
  CHECK(json_string(doc, "/errors/0/path/0") == "bad");
  CHECK(json_strings(doc, "/data/ok").empty());
  CHECK(json_string(doc, "/data/bad").empty());
}

TEST_CASE("a target that answers 404 gives 422 target_status and one that answers 5xx gives 502",
          "[e2e][integration]") {
  FaultStack& stack = fault_stack();
  check_rest_error(rest_tags(stack.api.http_port, stack.pages.url("/missing.html")), 422, "target_status");
  check_rest_error(rest_tags(stack.api.http_port, stack.pages.url("/broken.html")), 502, "target_status");
  const HttpAnswer graph =
      graphql(stack.api.http_port, "{ tags(url: " + json_quoted(stack.pages.url("/missing.html?v=2")) + ") }");
  INFO(graph.describe());
  CHECK(graph.status == 200);
  CHECK(json_string(parse_json(graph.body), "/errors/0/extensions/type") == "target_status");
}

TEST_CASE("a target that is not HTML gives 422 not_html", "[e2e][integration]") {
  FaultStack& stack = fault_stack();
  check_rest_error(rest_tags(stack.api.http_port, stack.pages.url("/paper.pdf")), 422, "not_html");
}

TEST_CASE("a page over the size cap gives 422 too_large", "[e2e][integration]") {
  FaultStack& stack = fault_stack();
  check_rest_error(rest_tags(stack.api.http_port, stack.pages.url("/huge.html")), 422, "too_large");
}

TEST_CASE("a target nobody listens on gives 502 target_unreachable", "[e2e][integration]") {
  FaultStack& stack = fault_stack();
  const std::string url = "http://127.0.0.1:" + std::to_string(free_port()) + "/nothing.html";
  check_rest_error(rest_tags(stack.api.http_port, url), 502, "target_unreachable");
}

TEST_CASE("a private address outside --allow-private gives 403 blocked_address", "[e2e][integration]") {
  FaultStack& stack = fault_stack();
  // 127.0.0.2 is loopback too, but the workers only allow 127.0.0.1/32.
  const std::string url = "http://127.0.0.2:" + std::to_string(stack.pages.port()) + "/ok.html";
  check_rest_error(rest_tags(stack.api.http_port, url), 403, "blocked_address");
  CHECK(stack.pages.hits("/ok.html") == 0);
}

TEST_CASE("a page slower than the request budget gives 504 deadline at the deadline", "[e2e][integration]") {
  ScratchDir scratch;
  PageServer pages;
  pages.add_slow_page("/slow.html", article_page("Slow", "patience", "waiting"), std::chrono::seconds(8));
  ApiSpec spec = api_spec(scratch);
  spec.request_timeout_ms = 1500;
  ApiRun api = start_api(scratch, spec);
  auto worker = start_worker(scratch, api.bus, worker_spec());
  require_workers(api.http_port, 1);

  const HttpAnswer answer = rest_tags(api.http_port, pages.url("/slow.html"));
  check_rest_error(answer, 504, "deadline");
  CHECK(answer.elapsed_ms >= 1400);
  CHECK(answer.elapsed_ms < 4000);
  CHECK(pages.hits("/slow.html") == 1);
}

TEST_CASE("with no worker connected tags answers 503 no_workers with Retry-After and urls still answers",
          "[e2e][integration]") {
  ScratchDir scratch;
  ApiRun api = start_api(scratch, api_spec(scratch));

  const HttpAnswer tags = rest_tags(api.http_port, "http://127.0.0.1:9/page.html");
  check_rest_error(tags, 503, "no_workers");
  CHECK(retry_after_seconds(tags) > 0);
  CHECK(tags.elapsed_ms < 1000);

  const HttpAnswer graph = graphql(api.http_port, "{ tags(url: \"http://127.0.0.1:9/page.html\") }");
  INFO(graph.describe());
  CHECK(graph.status == 200);
  CHECK(json_string(parse_json(graph.body), "/errors/0/extensions/type") == "no_workers");

  const HttpAnswer urls = rest_urls(api.http_port, "anything");
  INFO(urls.describe());
  CHECK(urls.status == 200);
  const HttpAnswer ready = http_get(api.http_port, "/readyz");
  CHECK(ready.status == 503);
  CHECK(http_get(api.http_port, "/healthz").status == 200);
}

TEST_CASE("with every slot taken and the queue full tags answers 503 overloaded with Retry-After",
          "[e2e][integration]") {
  ScratchDir scratch;
  PageServer pages;
  pages.add_gate_page("/held.html", article_page("Held", "patience", "waiting"));
  ApiSpec spec = api_spec(scratch);
  spec.queue_limit = 1;
  ApiRun api = start_api(scratch, spec);
  auto worker = start_worker(scratch, api.bus, worker_spec("worker", 1));
  require_workers(api.http_port, 1);

  // One job in the worker's only slot, one in the queue.
  std::vector<std::future<HttpAnswer>> held;
  for (int n = 0; n < 2; ++n) {
    held.push_back(std::async(std::launch::async, [&, n] {
      return rest_tags(api.http_port, pages.url("/held.html?n=" + std::to_string(n)));
    }));
    REQUIRE(wait_until([&] { return broker_counter(api.http_port, "waiters") == n + 1; }, kStartTimeout));
  }
  REQUIRE(wait_until([&] { return pages.hits("/held.html") == 1; }, kStartTimeout));
  CHECK(broker_counter(api.http_port, "in_flight") == 1);
  CHECK(broker_counter(api.http_port, "queue_length") == 1);

  const HttpAnswer rejected = rest_tags(api.http_port, pages.url("/held.html?n=2"));
  check_rest_error(rejected, 503, "overloaded");
  CHECK(retry_after_seconds(rejected) > 0);
  CHECK(rejected.elapsed_ms < 1000);
  CHECK(broker_counter(api.http_port, "queue_full_rejections") == 1);

  pages.open_gate("/held.html");
  for (auto& answer : held) {
    const HttpAnswer done = answer.get();
    INFO(done.describe());
    CHECK(done.status == 200);
  }
}

}  // namespace tagwire::e2e
