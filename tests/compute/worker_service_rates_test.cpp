// Throughput figures for the worker over a real bus, on demand only (hidden
// tag): `tests-compute "[rates]"` prints them as warnings.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <future>
#include <vector>

#include "worker_service_support.h"

using namespace tagwire;
using namespace tagwire::compute;
using namespace tagwire::compute::testing;

namespace {

double per_second(std::size_t count, std::chrono::steady_clock::duration took) {
  return static_cast<double>(count) / std::chrono::duration<double>(took).count();
}

}  // namespace

TEST_CASE("cached round trips and cold corpus pages, one CPU thread", "[.][rates][integration]") {
  const std::string pages = std::string(TAGWIRE_SHARED_DIR) + "/corpus/pages";
  FolderSite site(pages);
  WorkerHarness harness;

  std::vector<std::string> urls;
  for (const auto& entry : std::filesystem::directory_iterator(pages)) {
    if (entry.path().extension() == ".html") urls.push_back(site.url("/" + entry.path().filename().string()));
  }
  REQUIRE_FALSE(urls.empty());

  // Cold: every page at once; the broker holds what exceeds the capacity.
  const auto cold_start = std::chrono::steady_clock::now();
  std::vector<std::future<Result<bus::JobReply>>> answers;
  for (const std::string& url : urls) {
    answers.push_back(std::async(std::launch::async, [&harness, url] { return harness.ask(url, false, 60s); }));
  }
  std::size_t tagged = 0;
  for (auto& answer : answers) tagged += answer.get().ok() ? 1 : 0;
  const auto cold_took = std::chrono::steady_clock::now() - cold_start;
  CHECK(tagged == urls.size());
  WARN("cold: " << urls.size() << " corpus pages in "
                << std::chrono::duration_cast<std::chrono::milliseconds>(cold_took).count() << " ms = "
                << per_second(urls.size(), cold_took) << " pages/s");

  // Cached: one caller, one job at a time.
  constexpr std::size_t kRoundTrips = 2000;
  const auto cached_start = std::chrono::steady_clock::now();
  std::size_t hits = 0;
  for (std::size_t i = 0; i < kRoundTrips; ++i) hits += harness.ask(urls[i % urls.size()]).value().cached ? 1 : 0;
  const auto cached_took = std::chrono::steady_clock::now() - cached_start;
  CHECK(hits == kRoundTrips);
  WARN("cached: " << kRoundTrips << " sequential round trips = " << per_second(kRoundTrips, cached_took)
                  << " jobs/s");
}
