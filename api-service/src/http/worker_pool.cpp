// The growing HTTP thread pool (see http_worker_pool.h).
//
// Invariant: a thread is spawned only when the queue holds more tasks than
// there are idle threads to take them, so bursts grow the pool and steady load
// does not.
#include "tagwire/api/http_worker_pool.h"
#include "tagwire/common/service_thread.h"

#include <algorithm>

namespace tagwire::api {
namespace {

void raise_peak(std::atomic<std::size_t>& peak, std::size_t value) {
  std::size_t seen = peak.load();
  while (value > seen && !peak.compare_exchange_weak(seen, value)) {
  }
}

}  // namespace

HttpWorkerPool::HttpWorkerPool(std::size_t min_threads, std::size_t max_threads, PoolGauges& gauges)
    : max_threads_(std::max<std::size_t>({max_threads, min_threads, 1})), gauges_(gauges) {
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < std::max<std::size_t>(min_threads, 1); ++i) spawn_locked();
}

HttpWorkerPool::~HttpWorkerPool() { shutdown(); }

void HttpWorkerPool::spawn_locked() {
  threads_.emplace_back([this] {
    begin_service_thread("tw-http");
    run();
  });
  gauges_.threads = threads_.size();
  raise_peak(gauges_.peak_threads, threads_.size());
}

void HttpWorkerPool::enqueue(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
    gauges_.queued = tasks_.size();
    raise_peak(gauges_.peak_queued, tasks_.size());
    if (tasks_.size() > idle_ && threads_.size() < max_threads_) spawn_locked();
  }
  wake_.notify_one();
}

void HttpWorkerPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  // No lock while joining: the threads take it to drain the queue.
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  std::lock_guard lock(mutex_);
  threads_.clear();
  gauges_.threads = 0;
}

void HttpWorkerPool::run() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      ++idle_;
      wake_.wait(lock, [&] { return !tasks_.empty() || stopping_; });
      --idle_;
      if (tasks_.empty()) return;  // stopping and drained
      task = std::move(tasks_.front());
      tasks_.pop_front();
      gauges_.queued = tasks_.size();
    }
    ++gauges_.busy;
    task();
    --gauges_.busy;
  }
}

}  // namespace tagwire::api
