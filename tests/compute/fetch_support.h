// Blocking helpers over the asynchronous Fetcher, for tests.
#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <string>

#include "tagwire/compute/fetcher.h"

namespace tagwire::compute::testing {

using namespace std::chrono_literals;

// The fetch config the tests use: the test sites live on loopback.
inline FetchConfig loopback_config() {
  FetchConfig config;
  config.allow_private = {"127.0.0.1/32"};
  return config;
}

inline std::unique_ptr<Fetcher> start_fetcher(FetchConfig config) {
  auto fetcher = Fetcher::start(std::move(config));
  if (!fetcher) throw std::runtime_error(fetcher.error().message);
  return std::move(*fetcher);
}

// Queues a fetch; the future holds its result.
inline std::future<FetchResult> fetch_async(Fetcher& fetcher, const std::string& url,
                                            std::chrono::milliseconds budget = 5000ms) {
  auto promise = std::make_shared<std::promise<FetchResult>>();
  auto future = promise->get_future();
  fetcher.fetch(url, std::chrono::steady_clock::now() + budget,
                [promise](FetchResult result) { promise->set_value(std::move(result)); });
  return future;
}

inline FetchResult fetch_now(Fetcher& fetcher, const std::string& url, std::chrono::milliseconds budget = 5000ms) {
  return fetch_async(fetcher, url, budget).get();
}

}  // namespace tagwire::compute::testing
