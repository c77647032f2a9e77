// The CPU pool's worker threads and queue.
#include "tagwire/compute/cpu_pool.h"
#include "tagwire/common/service_thread.h"

#include <algorithm>

namespace tagwire::compute {

CpuPool::CpuPool(std::size_t threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) {
    threads_.emplace_back([this] {
      begin_service_thread("tw-compute");
      work();
    });
  }
}

CpuPool::~CpuPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void CpuPool::post(Task task) {
  const auto posted = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back({std::move(task), posted});
  }
  wake_.notify_one();
}

std::size_t CpuPool::queued() const {
  std::lock_guard lock(mutex_);
  return tasks_.size();
}

// Drains the queue before stopping, so destruction never drops posted work.
void CpuPool::work() {
  for (;;) {
    Queued next;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;
      next = std::move(tasks_.front());
      tasks_.pop_front();
    }
    queue_waits_.observe(std::chrono::steady_clock::now() - next.posted);
    next.task();
  }
}

}  // namespace tagwire::compute
