// A fixed set of threads running CPU-bound tasks (extraction and tagging) from
// one FIFO queue, apart from the fetcher's IO thread.
//
// Tasks must not throw; a task that does is a bug and ends the process.
// Each task's wait in the queue (from post() to the moment a thread takes it)
// is observed before the task runs: once a task has started, its wait counts.
// Thread safety: post() may be called from any thread, including from a task
// or a fetch callback (it never blocks on running tasks); queued() and
// queue_waits() too.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "tagwire/common/histogram.h"

namespace tagwire::compute {

class CpuPool {
 public:
  using Task = std::function<void()>;

  // Starts `threads` threads; 0 means one per hardware thread (at least 1).
  explicit CpuPool(std::size_t threads = 0);

  // Runs every task already posted, then joins the threads.
  ~CpuPool();
  CpuPool(const CpuPool&) = delete;
  CpuPool& operator=(const CpuPool&) = delete;

  // Queues `task` to run on one of the pool's threads.
  void post(Task task);

  std::size_t thread_count() const { return threads_.size(); }
  // Tasks posted and not yet started; for metrics.
  std::size_t queued() const;
  // How long the tasks started so far waited for a thread; for metrics.
  Histogram queue_waits() const { return queue_waits_.snapshot(); }

 private:
  struct Queued {
    Task task;
    std::chrono::steady_clock::time_point posted;
  };

  void work();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Queued> tasks_;  // guarded by mutex_
  bool stopping_ = false;     // guarded by mutex_
  AtomicHistogram queue_waits_;
  std::vector<std::thread> threads_;
};

}  // namespace tagwire::compute
