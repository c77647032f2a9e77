// TagLookup beside a real TagIndex and a real Broker with no worker: what it
// does with the index's answers.
#include <catch2/catch.hpp>

#include <string>

#include "http_test_api.h"
#include "tagwire/api/api_lookup.h"
#include "tagwire/api/tag_index.h"
#include "tagwire/bus/broker.h"
#include "temp_dir.h"

using namespace tagwire;
using namespace tagwire::api;
using tagwire::testing::TempDir;

TEST_CASE("late replies the tag index refuses are counted as index write failures", "[lookup]") {
  // Before: a late reply's write was dropped without a word when the index
  // refused it (its write queue full), unlike a reply a request waited for.
  TempDir dir;
  TagIndexOptions index_options;
  index_options.max_pending_writes = 1;
  auto index = TagIndex::open(dir.path().string(), index_options);
  REQUIRE(index.ok());
  bus::BrokerOptions broker_options;
  broker_options.bind = "tcp://127.0.0.1:*";
  auto broker = bus::Broker::start(broker_options);
  REQUIRE(broker.ok());
  TagLookup lookup(*broker.value(), *index.value(), TagLookupOptions{});

  for (int i = 0; i < 200; ++i) {
    bus::JobReply reply;
    reply.url = "http://late.test/" + std::to_string(i);
    reply.final_url = reply.url;
    reply.tags = {{"late", 1.0, "inferred"}};
    reply.computed_at_ms = 1;
    lookup.record_late_reply(reply);
  }
  CHECK(lookup.index_write_failures() > 0);
  CHECK(lookup.index_write_failures() == index.value()->stats().failed_writes);
}
