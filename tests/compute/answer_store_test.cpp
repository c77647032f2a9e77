// The worker's answer cache: which answer may replace which, on a fake clock.
#include <catch2/catch.hpp>

#include <chrono>

#include "service/answer_store.h"

using namespace tagwire;
using namespace tagwire::compute;
using namespace std::chrono_literals;

namespace {

const std::string kUrl = "https://example.org/article";
const AnswerStore::TimePoint kStart{std::chrono::hours(1)};

Answer success(const std::string& title) {
  bus::JobReply reply;
  reply.url = kUrl;
  reply.final_url = kUrl;
  reply.title = title;
  return reply;
}

Answer unreachable() { return Error::make(ErrorKind::kTargetUnreachable, "fetching: could not connect"); }
Answer status(int code) { return Error::target(code, "target answered HTTP " + std::to_string(code)); }

// What a get() at `now` finds: the title, the error type, or "nothing".
std::string held(AnswerStore& store, AnswerStore::TimePoint now) {
  const auto found = store.get(kUrl, now);
  if (!found) return "nothing";
  return found->answer ? found->answer->title : error_type_name(found->answer.error().kind);
}

}  // namespace

TEST_CASE("a transient failure does not replace a live success", "[worker][cache]") {
  AnswerStore store({});
  REQUIRE(store.put(kUrl, success("good"), 1, 3h, kStart));
  CHECK_FALSE(store.put(kUrl, unreachable(), 2, 60s, kStart + 1min));
  CHECK_FALSE(store.put(kUrl, status(503), 3, 60s, kStart + 1min));
  CHECK_FALSE(store.put(kUrl, status(429), 4, 60s, kStart + 1min));
  CHECK(held(store, kStart + 2min) == "good");
}

TEST_CASE("a definite failure replaces a live success", "[worker][cache]") {
  AnswerStore store({});
  REQUIRE(store.put(kUrl, success("good"), 1, 3h, kStart));
  CHECK(store.put(kUrl, status(404), 2, 60s, kStart + 1min));
  CHECK(held(store, kStart + 1min) == "target_status");
  // ...and, once that has expired, nothing is left of the success either.
  CHECK(held(store, kStart + 2min) == "nothing");
}

TEST_CASE("a transient failure is stored when no live success is held", "[worker][cache]") {
  AnswerStore store({});
  REQUIRE(store.put(kUrl, success("good"), 1, 10s, kStart));
  CHECK(store.put(kUrl, unreachable(), 2, 60s, kStart + 10s));  // the success expired at kStart + 10 s
  CHECK(held(store, kStart + 11s) == "target_unreachable");
}

TEST_CASE("a success replaces a transient failure even from an older fetch", "[worker][cache]") {
  AnswerStore store({});
  REQUIRE(store.put(kUrl, unreachable(), 2, 60s, kStart));
  CHECK(store.put(kUrl, success("late but good"), 1, 3h, kStart + 1s));
  CHECK(held(store, kStart + 2s) == "late but good");
}

TEST_CASE("an answer from an older fetch does not overwrite a newer one", "[worker][cache]") {
  AnswerStore store({});
  REQUIRE(store.put(kUrl, success("newer"), 7, 3h, kStart));
  CHECK_FALSE(store.put(kUrl, success("older, slower"), 6, 3h, kStart + 1s));
  CHECK_FALSE(store.put(kUrl, status(404), 5, 60s, kStart + 1s));
  CHECK(held(store, kStart + 2s) == "newer");
  CHECK(store.put(kUrl, success("newest"), 8, 3h, kStart + 3s));
  CHECK(held(store, kStart + 4s) == "newest");
}

TEST_CASE("an expired answer gives way to any other, whatever its fetch", "[worker][cache]") {
  AnswerStore store({});
  REQUIRE(store.put(kUrl, success("newer"), 7, 10s, kStart));
  CHECK(store.put(kUrl, success("older"), 6, 3h, kStart + 10s));
  CHECK(held(store, kStart + 11s) == "older");
}

TEST_CASE("the transient failures are unreachable targets, 5xx, 408 and 429", "[worker][cache]") {
  CHECK(is_transient_failure(unreachable().error()));
  CHECK(is_transient_failure(status(500).error()));
  CHECK(is_transient_failure(status(503).error()));
  CHECK(is_transient_failure(status(408).error()));
  CHECK(is_transient_failure(status(429).error()));
  CHECK_FALSE(is_transient_failure(status(404).error()));
  CHECK_FALSE(is_transient_failure(status(410).error()));
  CHECK_FALSE(is_transient_failure(status(403).error()));
  CHECK_FALSE(is_transient_failure(Error::make(ErrorKind::kNotHtml, "pdf")));
  CHECK_FALSE(is_transient_failure(Error::make(ErrorKind::kTooLarge, "big")));
  CHECK_FALSE(is_transient_failure(Error::make(ErrorKind::kBlockedAddress, "private")));
  CHECK_FALSE(is_transient_failure(Error::make(ErrorKind::kInvalidUrl, "ftp")));
}
