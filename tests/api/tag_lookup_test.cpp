// TagLookup beside a real TagIndex and a real Broker with no worker: what it
// does with the index's answers.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <sstream>
#include <string>

#include "http_test_api.h"
#include "tagwire/api/api_lookup.h"
#include "tagwire/api/tag_index.h"
#include "tagwire/bus/broker.h"
#include "tagwire/common/log.h"
#include "temp_dir.h"

using namespace tagwire;
using namespace tagwire::api;
using tagwire::testing::TempDir;

namespace {

// A TagLookup over a fresh tag index and a broker no worker ever joins.
struct LookupWithoutWorkers {
  explicit LookupWithoutWorkers(TagIndexOptions index_options = {})
      : index(open_index(dir, index_options)), broker(start_broker()), lookup(*broker, *index) {}

  static std::unique_ptr<TagIndex> open_index(const TempDir& dir, const TagIndexOptions& options) {
    auto index = TagIndex::open(dir.path().string(), options);
    REQUIRE(index.ok());
    return std::move(index.value());
  }
  static std::unique_ptr<bus::Broker> start_broker() {
    bus::BrokerOptions options;
    options.bind = "tcp://127.0.0.1:*";
    auto broker = bus::Broker::start(options);
    REQUIRE(broker.ok());
    return std::move(broker.value());
  }

  TempDir dir;
  std::unique_ptr<TagIndex> index;
  std::unique_ptr<bus::Broker> broker;
  TagLookup lookup;
};

}  // namespace

TEST_CASE("late replies the tag index refuses are counted as index write failures", "[lookup]") {
  // Before: a late reply's write was dropped without a word when the index
  // refused it (its write queue full), unlike a reply a request waited for.
  TagIndexOptions index_options;
  index_options.max_pending_writes = 1;
  LookupWithoutWorkers fixture(index_options);
  TagLookup& lookup = fixture.lookup;
  std::ostringstream log_lines;
  LogOptions log_options;
  log_options.stream = &log_lines;
  REQUIRE(init_logging(log_options));

  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 500; ++i) {
    bus::JobReply reply;
    reply.url = "http://late.test/" + std::to_string(i);
    reply.final_url = reply.url;
    reply.tags = {{"late", 1.0, "inferred"}};
    reply.computed_at_ms = 1;
    lookup.record_reply(reply);
  }
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start);
  const std::string logged = log_lines.str();
  REQUIRE(init_logging(LogOptions{}));
  CHECK(lookup.index_write_failures() > 0);
  CHECK(lookup.index_write_failures() == fixture.index->stats().failed_writes);
  // Logged within a budget of ten lines a second, not once per refusal.
  std::size_t lines = 0;
  for (std::size_t at = logged.find("tag index refused a page"); at != std::string::npos;
       at = logged.find("tag index refused a page", at + 1)) {
    ++lines;
  }
  CHECK(lines >= 1);
  CHECK(lines <= 10 * static_cast<std::size_t>(seconds.count() + 2));
  CHECK(lines < lookup.index_write_failures());
}

TEST_CASE("every successful reply reaches the tag index once, whoever reports it first", "[lookup]") {
  // The broker reports each success (record_reply), and the request that waited
  // for it writes it too (tags_for): one write between them, and a reply whose
  // requester gave up is still written.
  LookupWithoutWorkers fixture;
  TagLookup& lookup = fixture.lookup;

  bus::JobReply reply;
  reply.url = "http://given-up.test/";
  reply.final_url = reply.url;
  reply.tags = {{"abandoned", 1.0, "inferred"}};
  reply.computed_at_ms = 7;
  lookup.record_reply(reply);
  lookup.record_reply(reply);
  CHECK(fixture.index->stats().pages_put == 1);
  auto urls = lookup.urls_for("abandoned", 10, "");
  REQUIRE(urls.ok());
  CHECK(urls->urls == std::vector<std::string>{"http://given-up.test/"});

  reply.computed_at_ms = 8;  // a newer answer for the same page is written again
  lookup.record_reply(reply);
  CHECK(fixture.index->stats().pages_put == 2);
}
