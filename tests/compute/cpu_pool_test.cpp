// The CPU pool's threads and queue.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "tagwire/compute/cpu_pool.h"

using namespace tagwire::compute;
using namespace std::chrono_literals;

TEST_CASE("every posted task runs before the pool is destroyed", "[cpu-pool]") {
  std::atomic<int> ran{0};
  {
    CpuPool pool(2);
    for (int i = 0; i < 1000; ++i) pool.post([&ran] { ++ran; });
  }
  CHECK(ran == 1000);
}

TEST_CASE("tasks run on as many threads as the pool has", "[cpu-pool]") {
  // Each task waits until both have started: only two threads finish them.
  std::mutex mutex;
  std::condition_variable both_started;
  int started = 0;
  std::set<std::thread::id> threads;
  bool both_ran_together = true;
  {
    CpuPool pool(2);
    REQUIRE(pool.thread_count() == 2);
    for (int i = 0; i < 2; ++i) {
      pool.post([&] {
        std::unique_lock lock(mutex);
        ++started;
        threads.insert(std::this_thread::get_id());
        both_started.notify_all();
        if (!both_started.wait_for(lock, 5s, [&] { return started == 2; })) both_ran_together = false;
      });
    }
  }
  CHECK(both_ran_together);
  CHECK(threads.size() == 2);
}

TEST_CASE("a pool without a size uses every hardware thread", "[cpu-pool]") {
  CpuPool pool;
  CHECK(pool.thread_count() == std::max(1u, std::thread::hardware_concurrency()));
}

TEST_CASE("a task may post another task", "[cpu-pool]") {
  std::atomic<bool> inner_ran{false};
  {
    CpuPool pool(1);
    pool.post([&] { pool.post([&] { inner_ran = true; }); });
    const auto give_up = std::chrono::steady_clock::now() + 5s;
    while (!inner_ran && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(1ms);
  }
  CHECK(inner_ran);
}

TEST_CASE("a task's wait for a thread is counted before the task runs", "[cpu-pool]") {
  CpuPool pool(1);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<tagwire::Histogram> seen;
  auto seen_by_second = seen.get_future();
  pool.post([released] { released.wait(); });
  pool.post([&pool, &seen] { seen.set_value(pool.queue_waits()); });
  std::this_thread::sleep_for(50ms);  // the second task waits behind the first all this time
  release.set_value();
  const tagwire::Histogram waits = seen_by_second.get();
  CHECK(waits.count == 2);
  CHECK(waits.sum_seconds >= 0.05);
}
