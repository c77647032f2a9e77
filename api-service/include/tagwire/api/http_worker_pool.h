// HttpWorkerPool: the thread pool cpp-httplib runs connections on, growing on
// demand from `min_threads` up to `max_threads` and never shrinking.
//
// Why not httplib's fixed ThreadPool: a tags(url) request blocks its thread on
// the broker for up to its deadline, and the number of such requests at once is
// bounded by the broker (queue_limit queued + one per worker credit in flight),
// not by us; coalesced requests for one URL also wait together. A fixed pool
// smaller than that leaves new connections (even /healthz and urls(tag), which
// never block) waiting unseen behind blocked ones, and a fixed pool as large as
// the worst case keeps hundreds of idle threads. Growing covers the burst and
// costs nothing at rest. Past `max_threads`, accepted connections wait in the
// pool's FIFO until a thread frees up; every blocked thread is freed by its
// request deadline (capped), so the wait is bounded.
//
// The accept loop owns the pool (it makes it with new_task_queue and deletes it
// after shutdown), so its gauges live in a PoolGauges the server owns and the pool
// only references. Thread safety: enqueue() from the accept thread; gauges from
// any thread; shutdown() runs every task already queued, then joins.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace tagwire::api {

struct PoolGauges {
  std::atomic<std::size_t> threads{0};       // threads alive
  std::atomic<std::size_t> busy{0};          // threads running a connection
  std::atomic<std::size_t> queued{0};        // connections accepted and waiting for a thread
  std::atomic<std::size_t> peak_threads{0};  // most threads alive at once
  std::atomic<std::size_t> peak_queued{0};   // longest wait queue seen
};

class HttpWorkerPool final : public httplib::TaskQueue {
 public:
  // Starts min_threads threads at once (at least 1); max_threads >= min_threads.
  HttpWorkerPool(std::size_t min_threads, std::size_t max_threads, PoolGauges& gauges);
  ~HttpWorkerPool() override;

  void enqueue(std::function<void()> task) override;
  void shutdown() override;

 private:
  void spawn_locked();
  void run();

  const std::size_t max_threads_;
  PoolGauges& gauges_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  bool stopping_ = false;
};

}  // namespace tagwire::api
