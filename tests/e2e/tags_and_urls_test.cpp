// tags(url) and urls(tag) through the whole stack: GraphQL and REST on the API,
// a real worker fetching from the sample site or the page server, the tag index.
#include <catch2/catch.hpp>

#include <algorithm>

#include "support/page_server.h"
#include "support/stack.h"

namespace tagwire::e2e {
namespace {

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

const std::vector<std::string> kWebbDeclaredTags = {"james webb space telescope", "infrared astronomy", "exoplanets",
                                                    "cosmology", "lagrange points"};

}  // namespace

TEST_CASE("tags(url) over GraphQL and REST returns a sample page's declared tags and urls(tag) then lists it",
          "[e2e][integration]") {
  ScratchDir scratch;
  StaticRun site = start_static_site(scratch);
  ApiRun api = start_api(scratch, api_spec(scratch));
  auto worker = start_worker(scratch, api.bus, worker_spec());
  require_workers(api.http_port, 1);
  const std::string url = site.url("/james-webb-space-telescope.html");

  const HttpAnswer graph = graphql(api.http_port, "{ tags(url: " + json_quoted(url) + ") }");
  INFO(graph.describe());
  REQUIRE(graph.status == 200);
  const auto graph_doc = parse_json(graph.body);
  const std::vector<std::string> graph_tags = json_strings(graph_doc, "/data/tags");
  for (const auto& tag : kWebbDeclaredTags) CHECK(contains(graph_tags, tag));
  CHECK(std::is_sorted(graph_tags.begin(), graph_tags.end()));
  CHECK(!graph_doc.HasMember("errors"));

  // The same page again over REST: the worker that owns the URL answers from its cache.
  const HttpAnswer rest = rest_tags(api.http_port, url);
  INFO(rest.describe());
  REQUIRE(rest.status == 200);
  const auto rest_doc = parse_json(rest.body);
  CHECK(json_string(rest_doc, "/url") == url);
  CHECK(json_string(rest_doc, "/title") == "What the James Webb Space Telescope Sees");
  CHECK(json_bool(rest_doc, "/cached"));
  const std::vector<std::string> rest_tags_list = json_tag_names(rest_doc, "/tags");
  for (const auto& tag : kWebbDeclaredTags) CHECK(contains(rest_tags_list, tag));

  const HttpAnswer post = http_post(api.http_port, "/api/v1/tags", "{\"url\":" + json_quoted(url) + "}",
                                    "application/json");
  INFO(post.describe());
  CHECK(post.status == 200);
  CHECK(json_tag_names(parse_json(post.body), "/tags") == rest_tags_list);

  const HttpAnswer urls = graphql(api.http_port, "{ a: urls(tag: \"Cosmology\") b: urls(tag: \"Infrared-Astronomy\") }");
  INFO(urls.describe());
  REQUIRE(urls.status == 200);
  const auto urls_doc = parse_json(urls.body);
  CHECK(json_strings(urls_doc, "/data/a") == std::vector<std::string>{url});
  CHECK(json_strings(urls_doc, "/data/b") == std::vector<std::string>{url});

  const HttpAnswer rest_urls_answer = rest_urls(api.http_port, "Infrared Astronomy");
  INFO(rest_urls_answer.describe());
  REQUIRE(rest_urls_answer.status == 200);
  CHECK(json_strings(parse_json(rest_urls_answer.body), "/urls") == std::vector<std::string>{url});
  CHECK(json_string(parse_json(rest_urls_answer.body), "/tag") == "infrared astronomy");

  // Variables, an operation name and an alias, as a client library sends them.
  const HttpAnswer with_variables = http_post(
      api.http_port, "/api/v1/graph",
      "{\"query\":\"query Page($u: String!) { page: tags(url: $u) }\",\"operationName\":\"Page\","
      "\"variables\":{\"u\":" + json_quoted(url) + "}}",
      "application/json");
  INFO(with_variables.describe());
  CHECK(with_variables.status == 200);
  CHECK(json_strings(parse_json(with_variables.body), "/data/page") == graph_tags);

  const HttpAnswer unknown_tag = rest_urls(api.http_port, "deep sea mining");
  CHECK(unknown_tag.status == 200);
  CHECK(json_strings(parse_json(unknown_tag.body), "/urls").empty());
}

TEST_CASE("urls(tag) finds a page under a plural, capitalized or slugged form of its tag", "[e2e][integration]") {
  ScratchDir scratch;
  PageServer pages;
  pages.add_page("/standups.html", article_page("Shorter Standups", "Remote Work", "meetings"));
  ApiRun api = start_api(scratch, api_spec(scratch));
  auto worker = start_worker(scratch, api.bus, worker_spec());
  require_workers(api.http_port, 1);
  // Scheme and host case and the fragment are normalized away.
  const std::string asked = "HTTP://127.0.0.1:" + std::to_string(pages.port()) + "/standups.html#top";
  const std::string stored = pages.url("/standups.html");

  const HttpAnswer tags = rest_tags(api.http_port, asked);
  INFO(tags.describe());
  REQUIRE(tags.status == 200);
  const auto tags_doc = parse_json(tags.body);
  CHECK(json_string(tags_doc, "/url") == stored);
  const auto names = json_tag_names(tags_doc, "/tags");
  REQUIRE(contains(names, "meeting"));
  REQUIRE(contains(names, "remote work"));

  for (const char* form : {"Meetings", "MEETINGS", "meeting", "Remote-Work", "remote_work", "  REMOTE   work "}) {
    const HttpAnswer rest = rest_urls(api.http_port, form);
    INFO("tag form '" << form << "': " << rest.describe());
    CHECK(json_strings(parse_json(rest.body), "/urls") == std::vector<std::string>{stored});
    const HttpAnswer graph = graphql(api.http_port, "{ urls(tag: " + json_quoted(form) + ") }");
    INFO(graph.describe());
    CHECK(json_strings(parse_json(graph.body), "/data/urls") == std::vector<std::string>{stored});
  }
}

TEST_CASE("every tag tags(url) returns finds that URL again through urls(tag)", "[e2e][integration]") {
  ScratchDir scratch;
  StaticRun site = start_static_site(scratch);
  PageServer pages;
  pages.add_page("/standups.html", article_page("Shorter Standups", "Team Meetings, Remote Work", "meetings"));
  ApiRun api = start_api(scratch, api_spec(scratch));
  auto worker = start_worker(scratch, api.bus, worker_spec());
  require_workers(api.http_port, 1);

  // Declared plurals ("exoplanets", "team meetings") are the case at stake.
  for (const std::string& url : {site.url("/james-webb-space-telescope.html"), site.url("/beekeeping-first-year.html"),
                                 pages.url("/standups.html")}) {
    const HttpAnswer tags = rest_tags(api.http_port, url);
    INFO(tags.describe());
    REQUIRE(tags.status == 200);
    for (const std::string& tag : json_tag_names(parse_json(tags.body), "/tags")) {
      const HttpAnswer urls = rest_urls(api.http_port, tag);
      INFO("urls(tag: \"" << tag << "\") " << urls.describe());
      CHECK(contains(json_strings(parse_json(urls.body), "/urls"), url));
    }
  }
}

TEST_CASE("the benchmark routes ask about the configured page and tag", "[e2e][integration]") {
  ScratchDir scratch;
  StaticRun site = start_static_site(scratch);
  const std::string url = site.url("/rust-ownership-explained.html");
  ApiSpec spec = api_spec(scratch);
  spec.extra_args = {"--bench-url", url, "--bench-tag", "Borrow Checker"};
  ApiRun api = start_api(scratch, spec);
  auto worker = start_worker(scratch, api.bus, worker_spec());
  require_workers(api.http_port, 1);

  const HttpAnswer before = http_get(api.http_port, "/benchmark/get-urls");
  INFO(before.describe());
  REQUIRE(before.status == 200);
  CHECK(json_strings(parse_json(before.body), "/urls").empty());

  const HttpAnswer tags = http_get(api.http_port, "/benchmark/get-tags");
  INFO(tags.describe());
  REQUIRE(tags.status == 200);
  const auto tags_doc = parse_json(tags.body);
  CHECK(json_string(tags_doc, "/url") == url);
  for (const char* tag : {"rust", "ownership", "borrow checker", "memory safety"}) {
    CHECK(contains(json_tag_names(tags_doc, "/tags"), tag));
  }

  const HttpAnswer after = http_get(api.http_port, "/benchmark/get-urls");
  INFO(after.describe());
  CHECK(json_strings(parse_json(after.body), "/urls") == std::vector<std::string>{url});
}

}  // namespace tagwire::e2e
