// The compute worker's job flow: link → cache → fetcher → CPU pool → engine →
// cache → link.
//
// Invariants: every job handed to on_job() is answered exactly once, through
// finish(), which also returns its in-flight count. The link thread touches
// the fetcher only while `accepting_` holds, under `lifecycle_`, so stop() can
// take the fetcher down once it has cleared the flag. Teardown order: the metrics port first (its /metrics reads the
// fetcher and the pool), once the drain wait is over; then in the direction
// answers flow: the fetcher (its callbacks post to the pool and answer
// through the link), then the pool, then the link, which flushes every answer
// before its DISCONNECT.
#include "tagwire/compute/worker_service.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "service/answer_store.h"
#include "service/job_answers.h"
#include "service/job_counters.h"
#include "service/metrics_server.h"
#include "tagwire/bus/key_files.h"
#include "tagwire/bus/protocol.h"
#include "tagwire/common/flags.h"
#include "tagwire/common/histogram.h"
#include "tagwire/common/log.h"
#include "tagwire/common/process_stats.h"
#include "tagwire/common/url.h"
#include "tagwire/compute/cpu_pool.h"
#include "tagwire/compute/fetcher.h"
#include "tagwire/compute/worker_metrics.h"
#include "tagwire/engine/engine.h"
#include "tagwire/engine/lexicon.h"

namespace tagwire::compute {

namespace {

using Clock = std::chrono::steady_clock;

// A job past the cache: what its fetch and then its CPU task need to know.
struct PageJob {
  std::string job_id;
  std::string url;              // normalized; the cache key
  Clock::time_point deadline;   // now + budget_ms when the job arrived
  std::uint64_t fetch_sequence; // orders this job's answer against others in the cache
};

// Once the drain time is up, how long the aborted fetches get to report.
constexpr std::chrono::milliseconds kGivingUpGrace{100};

std::int64_t unix_ms(std::chrono::system_clock::time_point when) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
}

// A config error names the flag that caused it, so main can print one line.
Error flag_error(const char* flag, const Error& error) {
  if (error.kind != ErrorKind::kBadRequest) return error;
  return Error{error.kind, std::string(flag) + ": " + error.message};
}

// Observes, when it goes out of scope, the time since it was made.
class ScopedTimer {
 public:
  explicit ScopedTimer(AtomicHistogram& histogram) : histogram_(histogram) {}
  ~ScopedTimer() { histogram_.observe(Clock::now() - started_); }
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;

 private:
  AtomicHistogram& histogram_;
  const Clock::time_point started_ = Clock::now();
};

// The bus's CURVE keys from --bus-server-key and --bus-secret-key-file: both,
// or neither and no authentication.
Result<std::optional<bus::CurveClientKeys>> bus_curve_keys(const WorkerConfig& config) {
  const bool server_set = !config.bus_server_key.empty();
  const bool secret_set = !config.bus_secret_key_file.empty();
  Status paired = flags_given_together("--bus-server-key", server_set, "--bus-secret-key-file", secret_set,
                                       "bus authentication takes both");
  if (!paired) return paired.error();
  if (!server_set) return std::optional<bus::CurveClientKeys>();
  if (!bus::is_z85_key(config.bus_server_key)) {
    return Error::make(ErrorKind::kBadRequest,
                       "--bus-server-key: not a 40-character Z85 CURVE key (the API logs its server_public_key at start)");
  }
  auto secret = bus::read_key_file(config.bus_secret_key_file);
  if (!secret) return flag_error("--bus-secret-key-file", secret.error());
  return std::optional<bus::CurveClientKeys>(bus::CurveClientKeys{config.bus_server_key, std::move(secret).value()});
}

LruCacheOptions cache_options(const WorkerConfig& config) {
  LruCacheOptions options;
  options.max_entries = config.cache_entries;
  options.max_bytes = config.cache_bytes;
  options.default_ttl = config.cache_ttl;
  return options;
}

}  // namespace

class WorkerService::Impl {
 public:
  Impl(WorkerConfig config, std::shared_ptr<const engine::Lexicon> lexicon)
      : config_(std::move(config)),
        engine_(std::move(lexicon)),
        answers_(cache_options(config_)),
        log_("compute") {}

  Status start(std::optional<bus::CurveClientKeys> bus_keys) {
    pool_ = std::make_unique<CpuPool>(config_.resolved_cpu_threads());
    auto fetcher = Fetcher::start(config_.fetch_config());
    if (!fetcher) return flag_error("--allow-private", fetcher.error());
    fetcher_ = std::move(fetcher.value());
    bus::WorkerLinkOptions link;
    link.connect = config_.bus_connect;
    link.capacity = config_.resolved_capacity();
    link.name = config_.resolved_name();
    if (link.name.size() > bus::kMaxWorkerNameBytes) {
      // The API would take its READY for malformed and never answer it.
      return flag_error("--name", Error{ErrorKind::kBadRequest, "longer than " +
                                                                    std::to_string(bus::kMaxWorkerNameBytes) +
                                                                    " bytes, which the API refuses"});
    }
    link.heartbeat_ms = static_cast<int>(config_.heartbeat.count());
    link.liveness = config_.heartbeat_liveness;
    link.curve = std::move(bus_keys);
    auto opened = bus::WorkerLink::open(std::move(link), [this](bus::JobRequest job, std::string job_id) {
      on_job(std::move(job), std::move(job_id));
    });
    if (!opened) return flag_error("--bus-connect", opened.error());
    // Stored before its thread runs: a job answered at once (a cache hit)
    // answers through link_ on that thread.
    link_ = std::move(opened.value());
    link_->run();
    // Started last, so the figures it serves never see link_, pool_ or fetcher_ change.
    if (config_.metrics_port != 0) {
      MetricsServer::Pages pages{[this] { return worker_metrics_text(metrics()); },
                                 [this] { return counters_json(counters()); }};
      auto server = MetricsServer::start(config_.metrics_host, config_.metrics_port, std::move(pages));
      if (!server) return server.error();
      metrics_ = std::move(server.value());
    }
    return Ok{};
  }

  bool stop() {
    {
      std::lock_guard lock(lifecycle_);
      if (stopped_) return answered_all_;
      stopped_ = true;
      accepting_ = false;
    }
    if (link_) log_.info("draining", {{"jobs_in_flight", in_flight()}});
    const bool drained = wait_for_drain(config_.drain_timeout);
    if (!drained) {
      log_.warn("drain time is up", {{"jobs_in_flight", in_flight()}});
      give_up_waiting_pages();
    }
    metrics_.reset();
    fetcher_.reset();  // fetches still running fail as shutting_down
    if (!drained && !wait_for_drain(kGivingUpGrace)) {
      log_.warn("an engine call is still running; its job is given up", {{"jobs_in_flight", in_flight()}});
      if (link_) link_->stop();  // DISCONNECT: the API sends the job elsewhere
      std::lock_guard lock(lifecycle_);
      answered_all_ = false;
      return false;
    }
    pool_.reset();
    if (!link_) return true;
    link_->stop();
    log_.info("stopped", {{"replies", counters_.replies.load()}});
    return true;
  }

  WorkerCounters counters() const {
    WorkerCounters out;
    counters_.snapshot_into(out);
    const LruCacheStats cache = answers_.stats();
    out.cache_entries = cache.entries;
    out.cache_bytes = cache.bytes;
    if (link_) out.link = link_->stats();
    return out;
  }

  // For the metrics port only: reads the fetcher and the pool, which outlive it.
  WorkerMetrics metrics() const {
    WorkerMetrics out;
    out.counters = counters();
    out.capacity = capacity();
    out.cpu_threads = pool_->thread_count();
    out.cpu_queued = pool_->queued();
    out.cpu_queue_wait = pool_->queue_waits();
    out.fetches_queued = fetcher_->queued();
    out.fetches_in_flight = fetcher_->in_flight();
    out.fetch = fetcher_->timings();
    out.engine = engine_seconds_.snapshot();
    out.process = read_process_stats();
    return out;
  }

  int capacity() const { return config_.resolved_capacity(); }
  std::size_t cpu_threads() const { return config_.resolved_cpu_threads(); }
  int metrics_port() const { return metrics_ ? metrics_->port() : 0; }

 private:
  std::uint64_t in_flight() const { return counters_.jobs_in_flight.load(); }

  // Answers shutting_down every fetched page still waiting for a CPU thread,
  // and from now on every page as soon as it is fetched.
  void give_up_waiting_pages() {
    std::multiset<std::string> given_up;
    {
      std::lock_guard lock(waiting_mutex_);
      giving_up_ = true;
      given_up.swap(waiting_for_cpu_);
    }
    for (const std::string& job_id : given_up) finish(job_id, drain_time_is_up());
  }

  Error drain_time_is_up() const {
    return Error{ErrorKind::kShuttingDown,
                 "worker " + config_.resolved_name() + " is shutting down and its drain time is up"};
  }

  bool wait_for_drain(std::chrono::milliseconds timeout) {
    std::unique_lock lock(drain_mutex_);
    return drained_.wait_for(lock, timeout, [this] { return in_flight() == 0; });
  }

  // On the link thread: must not block.
  void on_job(bus::JobRequest job, std::string job_id) {
    JobCounters::bump(counters_.jobs_received);
    JobCounters::bump(counters_.jobs_in_flight);
    auto url = normalize_url(job.url);
    if (!url) {
      JobCounters::bump(counters_.jobs_refused);
      return finish(job_id, url.error());
    }
    const auto now = Clock::now();
    if (job.refresh) {
      JobCounters::bump(counters_.refreshes);
    } else if (auto hit = answers_.get(url.value(), now)) {
      JobCounters::bump(counters_.cache_hits);
      return finish(job_id, answered_from_cache(hit->answer));
    } else {
      JobCounters::bump(counters_.cache_misses);
    }
    std::lock_guard lock(lifecycle_);
    if (!accepting_) {
      JobCounters::bump(counters_.jobs_refused);
      return finish(job_id, Error{ErrorKind::kShuttingDown, "worker " + config_.resolved_name() + " is shutting down"});
    }
    JobCounters::bump(counters_.fetches);
    const PageJob page_job{std::move(job_id), std::move(url).value(), now + std::chrono::milliseconds(job.budget_ms),
                           next_fetch_sequence_++};
    fetcher_->fetch(page_job.url, page_job.deadline, [this, page_job](FetchResult fetched) {
      on_fetched(page_job, std::move(fetched));
    });
  }

  static Answer answered_from_cache(const Answer& stored) {
    if (!stored) return stored.error();
    bus::JobReply reply = stored.value();
    reply.cached = true;
    return reply;
  }

  // On the fetcher's driver thread: must not block or throw.
  void on_fetched(const PageJob& job, FetchResult fetched) {
    if (!fetched) {
      Error error = fetched.error();
      counters_.fetch_failed(error.kind);
      log_.debug("fetch failed",
                 {{"job_id", job.job_id}, {"type", error_type_name(error.kind)}, {"error", error.message}});
      if (remember_failure(error.kind)) remember(job, Answer(error), config_.error_cache_ttl);
      return finish(job.job_id, std::move(error));
    }
    {
      std::lock_guard lock(waiting_mutex_);
      if (giving_up_) return finish(job.job_id, drain_time_is_up());
      waiting_for_cpu_.insert(job.job_id);
    }
    auto page = std::make_shared<FetchedPage>(std::move(fetched).value());
    pool_->post([this, job, page, fetched_at = Clock::now()] { tag_page(job, *page, fetched_at); });
  }

  // On a CPU pool thread. Nothing may escape: a task that throws ends the process.
  void tag_page(const PageJob& job, const FetchedPage& page, Clock::time_point fetched_at) {
    if (!leave_waiting_room(job.job_id)) return;  // given up (and answered) while it waited
    // Checked when a thread takes the page, not when it was fetched: the wait
    // for a CPU thread is where a saturated worker spends a job's budget.
    if (auto spent = budget_spent_before_engine(job.url, fetched_at, job.deadline, Clock::now())) {
      JobCounters::bump(counters_.jobs_expired_before_engine);
      return finish(job.job_id, *spent);
    }
    Answer answer = tag_with_engine(job, page);
    if (answer) {
      remember(job, answer, config_.cache_ttl);
    } else if (remember_failure(answer.error().kind)) {
      remember(job, answer, config_.error_cache_ttl);  // a binary body: not_html, as a fetch would say
    }
    finish(job.job_id, answer);
  }

  // Takes the job out of waiting_for_cpu_; false when it is no longer there.
  bool leave_waiting_room(const std::string& job_id) {
    std::lock_guard lock(waiting_mutex_);
    const auto waiting = waiting_for_cpu_.find(job_id);
    if (waiting == waiting_for_cpu_.end()) return false;
    waiting_for_cpu_.erase(waiting);  // one copy: a job re-sent here may be held twice
    return true;
  }

  // The page's tags as the job's answer, or not_html for a body of binary
  // data; an exception from the engine fails this job alone, as internal.
  Answer tag_with_engine(const PageJob& job, const FetchedPage& page) noexcept {
    JobCounters::bump(counters_.engine_starts);
    try {
      engine::TagResult tags = run_engine(page);
      JobCounters::bump(counters_.engine_runs);
      if (tags.binary) {
        // Served as HTML but binary data: what the fetcher answers for a
        // body that is not HTML, counted with its failures.
        counters_.fetch_failed(ErrorKind::kNotHtml);
        return binary_page_error(job.url, page.final_url, page.content_type);
      }
      return reply_from_tags(job.url, page.final_url, std::move(tags), unix_ms(std::chrono::system_clock::now()));
    } catch (const std::exception& failure) {
      return engine_failed(job.job_id, job.url, failure.what());
    } catch (...) {
      return engine_failed(job.job_id, job.url, "unknown exception");
    }
  }

  // The engine's extract + tag of one page, timed whether it returns or throws.
  engine::TagResult run_engine(const FetchedPage& page) {
    const ScopedTimer timer(engine_seconds_);
    engine::TagOptions options;
    options.limit = config_.tag_limit;
    return engine_.tag_html(page.body, page.content_type, options);
  }

  Error engine_failed(const std::string& job_id, const std::string& url, const std::string& what) {
    JobCounters::bump(counters_.engine_failures);
    log_.error("engine failed", {{"job_id", job_id}, {"url", url}, {"error", what}});
    return Error{ErrorKind::kInternal, "job " + job_id + ": tagging " + url + " failed: " + what};
  }

  // Keeps the answer for the job's URL, unless a better one is held
  // (answer_store.h). Caching is an optimization: when it fails (out of
  // memory), the job is still answered with what it computed.
  void remember(const PageJob& job, const Answer& answer, std::chrono::milliseconds ttl) noexcept {
    try {
      answers_.put(job.url, answer, job.fetch_sequence, ttl, Clock::now());
    } catch (const std::exception& failure) {
      log_.warn("answer not cached", {{"job_id", job.job_id}, {"url", job.url}, {"error", failure.what()}});
    } catch (...) {
      log_.warn("answer not cached", {{"job_id", job.job_id}, {"url", job.url}});
    }
  }

  // From any thread; exactly once per job.
  // Counted before the answer leaves, so whoever receives it sees it counted.
  void finish(const std::string& job_id, const Answer& answer) {
    JobCounters::bump(counters_.replies);
    link_->reply(job_id, answer);
    if (counters_.jobs_in_flight.fetch_sub(1) == 1) {
      // Taking the mutex orders this notify after a waiter's predicate check.
      std::lock_guard lock(drain_mutex_);
      drained_.notify_all();
    }
  }

  const WorkerConfig config_;
  const engine::Engine engine_;
  AnswerStore answers_;
  JobCounters counters_;
  AtomicHistogram engine_seconds_;
  Logger log_;

  std::mutex lifecycle_;
  bool accepting_ = true;  // guarded by lifecycle_
  bool stopped_ = false;   // guarded by lifecycle_
  bool answered_all_ = true;  // guarded by lifecycle_; what the first stop() found
  std::mutex waiting_mutex_;
  std::multiset<std::string> waiting_for_cpu_;  // guarded by waiting_mutex_: fetched, not yet in the engine
  bool giving_up_ = false;                 // guarded by waiting_mutex_: the drain time is up
  std::mutex drain_mutex_;
  std::condition_variable drained_;
  std::atomic<std::uint64_t> next_fetch_sequence_{0};  // numbers fetches in the order they start

  // Declared in teardown order, last first: see the file comment.
  std::unique_ptr<bus::WorkerLink> link_;
  std::unique_ptr<CpuPool> pool_;
  std::unique_ptr<Fetcher> fetcher_;
  std::unique_ptr<MetricsServer> metrics_;
};

Result<std::unique_ptr<WorkerService>> WorkerService::start(WorkerConfig config) {
  // First, so a bad key fails the start before the lexicon loads.
  auto bus_keys = bus_curve_keys(config);
  if (!bus_keys) return bus_keys.error();
  auto lexicon = engine::Lexicon::load(config.wordnet_dir);
  if (!lexicon) return lexicon.error();
  auto impl = std::make_unique<Impl>(std::move(config), std::move(lexicon.value()));
  if (Status started = impl->start(std::move(bus_keys).value()); !started) {
    impl->stop();
    return started.error();
  }
  return std::unique_ptr<WorkerService>(new WorkerService(std::move(impl)));
}

WorkerService::WorkerService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

WorkerService::~WorkerService() { stop(); }

bool WorkerService::stop() { return impl_->stop(); }

WorkerCounters WorkerService::counters() const { return impl_->counters(); }

int WorkerService::capacity() const { return impl_->capacity(); }

std::size_t WorkerService::cpu_threads() const { return impl_->cpu_threads(); }

int WorkerService::metrics_port() const { return impl_->metrics_port(); }

}  // namespace tagwire::compute
