// The fetcher's driver thread: one curl multi handle, a FIFO of requests
// waiting for a slot, and the per-host limiter.
//
// Invariants: only the driver thread touches the multi handle, the transfers
// and the limiter; other threads only append to `inbox_` and wake the multi
// handle. Every request's `done` is called exactly once, on the driver thread.
// `queued_` counts a request from before it enters the inbox until it leaves
// the waiting queue, so it never goes below zero.
#include "tagwire/compute/fetcher.h"
#include "tagwire/common/service_thread.h"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "tagwire/compute/address_policy.h"
#include "tagwire/compute/host_limiter.h"
#include "transfer.h"
#include "url_host.h"

namespace tagwire::compute {
namespace {

// curl_global_init is not safe to race with other curl calls; it runs once per
// process and is never undone (libcurl stays usable until exit).
bool init_curl_once() {
  static const bool ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  return ok;
}

// The longest the driver sleeps with nothing due, so a lost wake-up cannot stall it.
constexpr int kIdlePollMs = 1000;

struct QueuedRequest {
  FetchRequest request;
  Clock::time_point queued_at;
};

}  // namespace

class Fetcher::Driver {
 public:
  Driver(FetchConfig config, AddressPolicy policy, CURLM* multi)
      : config_(std::move(config)), policy_(std::move(policy)), multi_(multi), limiter_(config_.per_host_limit) {
    thread_ = std::thread([this] {
      begin_service_thread("tw-fetch");
      run();
    });
  }

  ~Driver() {
    stopping_ = true;
    curl_multi_wakeup(multi_);
    thread_.join();
    curl_multi_cleanup(multi_);
  }

  void submit(std::string url, Clock::time_point deadline, Done done) {
    {
      std::lock_guard lock(inbox_mutex_);
      // Counted under the lock the driver takes the inbox with, so the
      // driver's decrement always comes after: counted after the unlock, the
      // unsigned count wrapped (metrics showed 1.8e19).
      ++queued_;
      inbox_.push_back({FetchRequest{std::move(url), {}, deadline, std::move(done)}, Clock::now()});
    }
    curl_multi_wakeup(multi_);
  }

  std::size_t queued() const { return queued_; }
  std::size_t in_flight() const { return in_flight_; }
  FetchTimings timings() const { return {transfer_seconds_.snapshot(), slot_wait_seconds_.snapshot()}; }

 private:
  void run() {
    while (!stopping_) {
      take_inbox();
      expire_waiting(Clock::now());
      admit_waiting(Clock::now());
      int running = 0;
      curl_multi_perform(multi_, &running);
      finish_done_transfers();
      curl_multi_poll(multi_, nullptr, 0, poll_timeout_ms(Clock::now()), nullptr);
    }
    shut_down();
  }

  // Moves new requests to the waiting queue; a bad URL fails at once.
  void take_inbox() {
    std::deque<QueuedRequest> arrived;
    {
      std::lock_guard lock(inbox_mutex_);
      arrived.swap(inbox_);
    }
    for (auto& queued : arrived) {
      auto host = http_url_host(queued.request.url);
      if (!host) {
        complete(queued.request, host.error());
        --queued_;
        continue;
      }
      queued.request.host = std::move(*host);
      waiting_.push_back(std::move(queued));
    }
  }

  void expire_waiting(Clock::time_point now) {
    for (auto it = waiting_.begin(); it != waiting_.end();) {
      if (it->request.deadline > now) {
        ++it;
        continue;
      }
      const std::string message = "fetching " + it->request.url + ": the job's budget ran out after waiting " +
                                  std::to_string(elapsed_ms(it->queued_at, now)) + " ms for a fetch slot";
      slot_wait_seconds_.observe(now - it->queued_at);
      complete(it->request, Error::make(ErrorKind::kDeadline, message));
      it = waiting_.erase(it);
      --queued_;
    }
  }

  // First come, first served, skipping requests whose host is at its limit.
  void admit_waiting(Clock::time_point now) {
    for (auto it = waiting_.begin(); it != waiting_.end() && transfers_.size() < config_.max_transfers;) {
      if (!limiter_.try_acquire(it->request.host)) {
        ++it;
        continue;
      }
      slot_wait_seconds_.observe(now - it->queued_at);
      start_transfer(std::move(it->request), now);
      it = waiting_.erase(it);
      --queued_;
    }
  }

  void start_transfer(FetchRequest request, Clock::time_point now) {
    auto transfer = std::make_unique<Transfer>(std::move(request), config_, policy_);
    auto started = transfer->configure(now);
    if (started && curl_multi_add_handle(multi_, transfer->handle()) != CURLM_OK) {
      started = Error::make(ErrorKind::kInternal, "libcurl refused a transfer for " + transfer->request().url);
    }
    if (!started) {
      limiter_.release(transfer->request().host);
      complete(transfer->request(), started.error());
      return;
    }
    CURL* easy = transfer->handle();
    transfers_.emplace(easy, std::move(transfer));
    ++in_flight_;
  }

  void finish_done_transfers() {
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
      if (message->msg != CURLMSG_DONE) continue;
      const auto it = transfers_.find(message->easy_handle);
      if (it == transfers_.end()) continue;
      std::unique_ptr<Transfer> transfer = std::move(it->second);
      transfers_.erase(it);
      const CURLcode code = message->data.result;  // read before the handle is removed
      curl_multi_remove_handle(multi_, transfer->handle());
      limiter_.release(transfer->request().host);
      --in_flight_;
      const auto now = Clock::now();
      transfer_seconds_.observe(now - transfer->started());
      complete(transfer->request(), transfer->outcome(code, now));
    }
  }

  // Sleep until curl's next timer, the next waiting deadline, or a wake-up.
  int poll_timeout_ms(Clock::time_point now) const {
    long timeout = kIdlePollMs;
    long curl_timeout = -1;
    curl_multi_timeout(multi_, &curl_timeout);
    if (curl_timeout >= 0) timeout = std::min(timeout, curl_timeout);
    for (const auto& queued : waiting_) {
      const auto until = std::chrono::ceil<std::chrono::milliseconds>(queued.request.deadline - now).count();
      timeout = std::min<long>(timeout, std::max<long>(0, static_cast<long>(until)));
    }
    return static_cast<int>(timeout);
  }

  void shut_down() {
    for (auto& [easy, transfer] : transfers_) {
      curl_multi_remove_handle(multi_, easy);
      complete(transfer->request(), shutting_down(transfer->request().url));
    }
    transfers_.clear();
    in_flight_ = 0;
    take_inbox();
    for (auto& queued : waiting_) complete(queued.request, shutting_down(queued.request.url));
    waiting_.clear();
    queued_ = 0;
  }

  static Error shutting_down(const std::string& url) {
    return Error::make(ErrorKind::kShuttingDown, "fetching " + url + ": the worker is shutting down");
  }

  static void complete(FetchRequest& request, FetchResult result) {
    if (request.done) request.done(std::move(result));
  }

  const FetchConfig config_;
  const AddressPolicy policy_;
  CURLM* multi_;
  HostLimiter limiter_;
  std::mutex inbox_mutex_;
  std::deque<QueuedRequest> inbox_;  // guarded by inbox_mutex_
  std::deque<QueuedRequest> waiting_;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> queued_{0};
  std::atomic<std::size_t> in_flight_{0};
  AtomicHistogram transfer_seconds_;
  AtomicHistogram slot_wait_seconds_;
  std::thread thread_;  // last: starts after every other member exists
};

Result<std::unique_ptr<Fetcher>> Fetcher::start(FetchConfig config) {
  auto policy = AddressPolicy::with_exceptions(config.allow_private);
  if (!policy) return policy.error();
  if (config.per_host_limit == 0 || config.max_transfers == 0) {
    return Error::make(ErrorKind::kBadRequest, "fetch limits must be at least 1");
  }
  if (!init_curl_once()) return Error::make(ErrorKind::kInternal, "curl_global_init failed");
  CURLM* multi = curl_multi_init();
  if (multi == nullptr) return Error::make(ErrorKind::kInternal, "curl_multi_init failed");
  auto driver = std::make_unique<Driver>(std::move(config), std::move(*policy), multi);
  return std::unique_ptr<Fetcher>(new Fetcher(std::move(driver)));
}

Fetcher::Fetcher(std::unique_ptr<Driver> driver) : driver_(std::move(driver)) {}

Fetcher::~Fetcher() = default;

void Fetcher::fetch(std::string url, std::chrono::steady_clock::time_point deadline, Done done) {
  driver_->submit(std::move(url), deadline, std::move(done));
}

std::size_t Fetcher::queued() const { return driver_->queued(); }
std::size_t Fetcher::in_flight() const { return driver_->in_flight(); }
FetchTimings Fetcher::timings() const { return driver_->timings(); }

}  // namespace tagwire::compute
