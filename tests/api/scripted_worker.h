// A compute worker for API tests: the real WorkerLink on the bus, answering
// from a script instead of fetching pages. Paths ending in /gone fail as a
// target 404, /broken as a target 503, /internal as the worker's own failure
// (kInternal); every other URL gets two tags
// ("sourdough starter" inferred, "bread" declared) after `delay`.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http_test_api.h"
#include "tagwire/bus/worker_link.h"

namespace tagwire::api::testing {

// The scripted answer for a URL: paths ending in /gone fail as a target 404,
// /broken as a target 503, /internal as kInternal; everything else gets two tags.
inline Result<bus::JobReply> scripted_answer(const bus::JobRequest& job) {
  if (job.url.ends_with("/gone")) {
    return Error::target(404, "target answered HTTP 404 for " + job.url);
  }
  if (job.url.ends_with("/broken")) {
    return Error::target(503, "target answered HTTP 503 for " + job.url);
  }
  if (job.url.ends_with("/internal")) {
    return Error::make(ErrorKind::kInternal, "engine failed: secret-detail at /srv/engine.cpp:42");
  }
  bus::JobReply reply;
  reply.url = job.url;
  reply.final_url = job.url;
  reply.title = "Scripted page";
  reply.tags = {{"sourdough starter", 0.9, "inferred"}, {"bread", 1.0, "declared"}};
  reply.computed_at_ms = 1714564800123;
  return reply;
}

class ScriptedWorker {
 public:
  ScriptedWorker(const std::string& endpoint, std::chrono::milliseconds delay, int capacity = 16) : delay_(delay) {
    bus::WorkerLinkOptions options;
    options.connect = endpoint;
    options.capacity = capacity;
    options.name = "scripted";
    auto link = bus::WorkerLink::start(options, [this](bus::JobRequest job, std::string job_id) {
      std::lock_guard lock(mutex_);
      answering_.emplace_back([this, job = std::move(job), job_id = std::move(job_id)] {
        std::this_thread::sleep_for(delay_);
        link_->reply(job_id, scripted_answer(job));
      });
    });
    REQUIRE(link);
    link_ = std::move(link.value());
  }
  ~ScriptedWorker() {
    // The link first: no job can start a new answering thread after it (a
    // reply sent after stop() is dropped), so the join below joins them all.
    link_->stop();
    std::vector<std::thread> threads;
    {
      std::lock_guard lock(mutex_);
      threads.swap(answering_);
    }
    for (auto& t : threads) t.join();
  }

 private:
  std::chrono::milliseconds delay_;
  std::unique_ptr<bus::WorkerLink> link_;
  std::mutex mutex_;
  std::vector<std::thread> answering_;
};

// Polls /readyz until a worker is registered; fails the test after 10 s.
inline void wait_until_ready(RunningApi& api) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < give_up) {
    auto res = api.client().Get("/readyz");
    if (res && res->status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FAIL("the API never became ready");
}

}  // namespace tagwire::api::testing
