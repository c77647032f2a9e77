// A fixed set of threads running CPU-bound tasks (extraction and tagging) from
// one FIFO queue, apart from the fetcher's IO thread.
//
// Tasks must not throw; a task that does is a bug and ends the process.
// Thread safety: post() may be called from any thread, including from a task
// or a fetch callback (it never blocks on running tasks).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

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

 private:
  void work();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Task> tasks_;  // guarded by mutex_
  bool stopping_ = false;   // guarded by mutex_
  std::vector<std::thread> threads_;
};

}  // namespace tagwire::compute
