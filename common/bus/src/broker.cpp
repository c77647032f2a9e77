// The broker thread: owns the ROUTER, feeds the JobScheduler with socket
// events and caller submissions, and carries out its decisions.
//
// Callers never touch the socket: call() puts a Submission in inbox_ under
// mutex_, raises wake_, and waits on its future until its deadline. Only the
// broker thread reads the socket, the scheduler and promises_.
//
// With CURVE keys the broker thread also polls the ZAP handler and the
// ROUTER's handshake monitor. A thread of their own would buy nothing: a ZAP
// request is a set lookup, handshakes happen only when peers connect, and a
// broker turn is short (kMessagesPerWake), so a handshake waits at most one
// turn. Polling them here keeps every socket, the refusal counter and its log
// budget on one thread, with no locks, and ties the handler's life to the
// ROUTER's (see bind()).
#include "tagwire/bus/broker.h"
#include "tagwire/common/service_thread.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <deque>
#include <future>
#include <limits>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>

#include <zmq.hpp>

#include "frames_io.h"
#include "handshake_watch.h"
#include "tagwire/bus/job_scheduler.h"
#include "tagwire/common/log.h"
#include "tagwire/common/log_budget.h"
#include "wake_signal.h"
#include "zap_handler.h"

namespace tagwire::bus {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Log lines a second about each kind of message a peer can send at will.
constexpr std::size_t kPeerLogLines = 10;
constexpr std::chrono::milliseconds kPeerLogInterval{1000};

// Messages handled per poll wake-up before the periodic duty runs again, so a
// flood of replies cannot starve heartbeats.
constexpr int kMessagesPerWake = 256;

std::string random_job_prefix() {
  std::random_device device;
  std::uniform_int_distribution<std::uint32_t> any;
  char text[16];
  std::snprintf(text, sizeof text, "%08x-", any(device));
  return text;
}

// Hex of an identity or job id. The ROUTER keeps identities to 255 bytes,
// but a job id frame is whatever a peer sent (up to kMaxFrameBytes): ids from
// peers are logged through a `max_bytes` cap, with how much was left out.
std::string printable_identity(const std::string& identity,
                               std::size_t max_bytes = std::numeric_limits<std::size_t>::max()) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  const std::size_t shown = std::min(identity.size(), max_bytes);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto c = static_cast<unsigned char>(identity[i]);
    out.push_back(hex[c >> 4]);
    out.push_back(hex[c & 15]);
  }
  if (shown < identity.size()) out += "... (" + std::to_string(identity.size()) + " bytes)";
  return out;
}

// The broker's job ids are a few tens of bytes ("<8 hex>-<counter>").
constexpr std::size_t kLoggedJobIdBytes = 64;

void add_counters(BusCounters& into, const BusCounters& from) {
  into.refused_workers += from.refused_workers;
  into.malformed_messages += from.malformed_messages;
  into.unauthenticated_peers += from.unauthenticated_peers;
  into.revoked_key_messages += from.revoked_key_messages;
}

// The ZAP domain the ROUTER announces; the handler serves only this socket.
constexpr const char* kZapDomain = "tagwire-bus";

// Whether only this host can reach `endpoint` (a last_endpoint: the address is resolved).
bool host_only(const std::string& endpoint) {
  if (!endpoint.starts_with("tcp://")) return true;  // ipc:// and inproc://
  return endpoint.starts_with("tcp://127.") || endpoint.starts_with("tcp://[::1]");
}

Status check_allowed_keys(const std::vector<std::string>& keys) {
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!is_z85_key(keys[i])) {
      return Error::make(ErrorKind::kBadRequest,
                         "allowed worker key " + std::to_string(i + 1) + " is not a 40-character Z85 key");
    }
  }
  return Ok{};
}

Status check_curve_keys(const CurveServerKeys& keys) {
  if (auto secret = public_key_of(keys.secret_key); !secret) {
    if (secret.error().kind != ErrorKind::kBadRequest) return secret.error();
    return Error::make(ErrorKind::kBadRequest, "the broker's CURVE secret key is not a 40-character Z85 key");
  }
  return check_allowed_keys(keys.allowed_workers);
}

}  // namespace

class Broker::Impl {
 public:
  explicit Impl(BrokerOptions options)
      : options_(std::move(options)),
        router_(context_, zmq::socket_type::router),
        scheduler_(SchedulerOptions{milliseconds(options_.heartbeat_ms), options_.liveness,
                                    options_.queue_limit, random_job_prefix()}) {}

  ~Impl() { stop_thread(); }

  Status bind() {
    if (!wake_.valid()) return Error::make(ErrorKind::kInternal, "cannot create the broker's wake-up eventfd");
    if (options_.curve) {
      try {
        require_curve(*options_.curve);
      } catch (const zmq::error_t& e) {
        return Error::make(ErrorKind::kInternal, std::string("cannot set up bus authentication: ") + e.what());
      }
    }
    try {
      router_.set(zmq::sockopt::router_mandatory, true);
      router_.set(zmq::sockopt::linger, 0);
      router_.set(zmq::sockopt::maxmsgsize, kMaxFrameBytes);
      // A worker reconnecting with its id takes over from its old connection
      // at once, should the ROUTER not have noticed that one close yet.
      router_.set(zmq::sockopt::router_handover, true);
      router_.bind(options_.bind);
      endpoint_ = router_.get(zmq::sockopt::last_endpoint);
    } catch (const zmq::error_t& e) {
      return Error::make(ErrorKind::kInternal, "cannot bind the worker endpoint " + options_.bind + ": " + e.what());
    }
    return Ok{};
  }

  void start_thread() {
    log_.info("broker listening", {{"endpoint", endpoint_},
                                   {"heartbeat_ms", options_.heartbeat_ms},
                                   {"liveness", options_.liveness},
                                   {"auth", options_.curve ? "curve" : "off"}});
    if (options_.curve) {
      // The public key is what workers need (--bus-server-key); the secret one is never logged.
      log_.info("bus authentication on", {{"server_public_key", server_public_key_},
                                          {"allowed_workers", options_.curve->allowed_workers.size()}});
    } else if (!host_only(endpoint_)) {
      log_.warn("bus authentication off on an endpoint other hosts can reach: any peer there can act as a worker",
                {{"endpoint", endpoint_}});
    }
    thread_ = std::thread([this] {
      begin_service_thread("tw-broker");
      run();
    });
  }

  void stop_thread() {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      stopping_ = true;
      accepting_ = false;
    }
    wake_.raise();
    if (thread_.joinable()) thread_.join();
  }

  // The answer's future: ready at once when the broker no longer takes jobs.
  std::future<Result<JobReply>> submit(const std::string& url_key, bool refresh, Clock::time_point deadline) {
    std::promise<Result<JobReply>> promise;
    auto future = promise.get_future();
    {
      std::lock_guard lock(mutex_);
      if (!accepting_) {
        promise.set_value(Error::make(ErrorKind::kShuttingDown, "the API is shutting down"));
        return future;
      }
      inbox_.push_back(Submission{next_waiter_++, url_key, refresh, deadline, std::move(promise)});
    }
    wake_.raise();
    return future;
  }

  Result<std::vector<WorkerSnapshot>> workers(milliseconds timeout) {
    std::future<std::vector<WorkerSnapshot>> answer;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return std::vector<WorkerSnapshot>{};
      worker_queries_.emplace_back();
      answer = worker_queries_.back().get_future();
    }
    wake_.raise();
    if (answer.wait_for(timeout) == std::future_status::timeout) {
      return Error::make(ErrorKind::kInternal,
                         "the broker thread did not list its workers within " + std::to_string(timeout.count()) + " ms");
    }
    return answer.get();
  }

  Status replace_allowed_workers(std::vector<std::string> keys, milliseconds timeout) {
    if (!options_.curve) {
      return Error::make(ErrorKind::kBadRequest, "the bus runs without authentication: there is no allow-list");
    }
    if (Status checked = check_allowed_keys(keys); !checked.ok()) return checked;
    std::future<Status> taken;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return Error::make(ErrorKind::kShuttingDown, "the broker has stopped");
      allow_list_changes_.push_back(AllowListChange{std::move(keys), {}});
      taken = allow_list_changes_.back().taken.get_future();
    }
    wake_.raise();
    if (taken.wait_for(timeout) == std::future_status::timeout) {
      return Error::make(ErrorKind::kInternal, "the broker thread did not take the allow-list within " +
                                                   std::to_string(timeout.count()) + " ms");
    }
    return taken.get();
  }

  void set_on_success(SuccessHandler handler) {
    std::lock_guard lock(mutex_);
    on_success_ = std::move(handler);
  }

  BrokerStats stats() const {
    std::lock_guard lock(mutex_);
    BrokerStats out = published_;
    out.accepting = accepting_;
    out.waiters += inbox_.size();
    return out;
  }

  void shutdown() {
    {
      std::lock_guard lock(mutex_);
      if (!accepting_) return;
      accepting_ = false;
    }
    log_.info("broker stops accepting jobs", {{"endpoint", endpoint_}});
  }

  const std::string& endpoint() const { return endpoint_; }

 private:
  struct Submission {
    WaiterId waiter;
    std::string url_key;
    bool refresh;
    Clock::time_point deadline;
    std::promise<Result<JobReply>> promise;
  };

  struct AllowListChange {
    std::vector<std::string> keys;
    std::promise<Status> taken;
  };

  // A worker the scheduler is about to expire, as the log line names it.
  struct ExpiringWorker {
    WorkerId id;
    std::string name;
    std::size_t jobs = 0;  // credits it held: those jobs are retried or answered no_workers
    milliseconds silent{0};
  };

  // The ROUTER as a CURVE server whose handshakes the ZAP handler decides.
  // The handler binds before the ROUTER does: while none is bound, libzmq
  // lets every CURVE client in. It is declared before router_, so it also
  // closes after it.
  void require_curve(const CurveServerKeys& keys) {
    server_public_key_ = public_key_of(keys.secret_key).value();  // checked by Broker::start
    zap_.emplace(context_, keys.allowed_workers);
    // Failures the ZAP handler never sees: a peer with another server key or
    // without CURVE. Which side notices a mechanism mismatch first is a race,
    // and the side that does stops, so the other sees only a hang-up: that
    // counts too. A ZAP refusal (HANDSHAKE_FAILED_AUTH) is the handler's to count.
    handshakes_.emplace(context_, router_, "inproc://tagwire-broker-handshakes",
                        ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL);
    router_.set(zmq::sockopt::curve_server, true);
    router_.set(zmq::sockopt::curve_secretkey, keys.secret_key);
    router_.set(zmq::sockopt::zap_domain, kZapDomain);
  }

  void run() {
    next_heartbeat_ = Clock::now();
    while (!stop_requested()) {
      // The last two only with CURVE keys, when both exist.
      std::array<zmq_pollitem_t, 4> items{{{router_.handle(), 0, ZMQ_POLLIN, 0},
                                           {nullptr, wake_.fd(), ZMQ_POLLIN, 0},
                                           {zap_ ? zap_->socket().handle() : nullptr, 0, ZMQ_POLLIN, 0},
                                           {handshakes_ ? handshakes_->socket().handle() : nullptr, 0, ZMQ_POLLIN, 0}}};
      zmq::poll(items.data(), zap_ ? 4 : 2, poll_timeout(Clock::now()));
      if (items[1].revents & ZMQ_POLLIN) {
        wake_.drain();
        take_submissions(Clock::now());
        answer_worker_queries(Clock::now());
        take_allow_list_changes();
      }
      if (items[2].revents & ZMQ_POLLIN) answer_zap_requests(Clock::now());
      if (items[3].revents & ZMQ_POLLIN) count_failed_handshakes(Clock::now());
      if (items[0].revents & ZMQ_POLLIN) receive_messages();
      broker_cron(Clock::now());
      carry_out_actions();
      publish_stats();
    }
    fail_everything();
  }

  // The one periodic duty: heartbeats to every worker, busy or not, then the
  // scheduler's deadlines (worker expiry, waiter deadlines, job budgets).
  void broker_cron(Clock::time_point now) {
    if (now >= next_heartbeat_) {
      for (const WorkerId& worker : scheduler_.workers().ids()) {
        if (send(worker, Envelope{kProtocolMajor, MessageType::kHeartbeat, {}, {}}) == SendOutcome::kUnroutable) {
          // Its connection is gone; if it comes back (same id, a new socket) it sends READY.
          log_.warn("worker unreachable", {{"worker", printable_identity(worker)}});
          scheduler_.worker_disconnected(worker, now);
        }
      }
      next_heartbeat_ = now + milliseconds(options_.heartbeat_ms);
      forget_old_reregister_asks(now);
    }
    // tick() expires the workers the registry calls expired at `now` and only
    // counts them; they are named here first, while the registry still holds
    // them, so an operator sees a stopped (SIGSTOP) or cut-off worker go.
    const std::vector<WorkerId> expiring = scheduler_.workers().expired(now);
    std::vector<ExpiringWorker> expired_log;
    for (const WorkerId& id : expiring) {
      if (const WorkerInfo* info = scheduler_.workers().find(id)) {
        expired_log.push_back(ExpiringWorker{id, info->name, info->in_flight.size(),
                                             std::chrono::duration_cast<milliseconds>(now - info->last_seen)});
      }
    }
    scheduler_.tick(now);
    for (const ExpiringWorker& gone : expired_log) {
      if (scheduler_.workers().contains(gone.id)) continue;  // not expired after all
      // Any peer can register and fall silent, so these lines have a budget too.
      if (!within_budget(expiry_log_, now, "workers expired")) continue;
      log_.warn("worker expired: no message within its liveness, its jobs follow the retry rule",
                {{"worker", printable_identity(gone.id)},
                 {"name", gone.name},
                 {"jobs", gone.jobs},
                 {"silent_ms", gone.silent.count()},
                 {"liveness_ms", options_.heartbeat_ms * options_.liveness}});
    }
  }

  milliseconds poll_timeout(Clock::time_point now) const {
    Clock::time_point wake_at = next_heartbeat_;
    if (auto next = scheduler_.next_deadline(); next && *next < wake_at) wake_at = *next;
    if (wake_at <= now) return milliseconds(0);
    // Round up: waking a little early would only spin until the deadline.
    auto wait = std::chrono::ceil<milliseconds>(wake_at - now);
    return std::min(wait, milliseconds(options_.heartbeat_ms));
  }

  bool stop_requested() {
    std::lock_guard lock(mutex_);
    return stopping_;
  }

  void take_submissions(Clock::time_point now) {
    std::deque<Submission> batch;
    {
      std::lock_guard lock(mutex_);
      batch.swap(inbox_);
    }
    for (auto& s : batch) {
      promises_.emplace(s.waiter, std::move(s.promise));
      scheduler_.submit(s.waiter, s.url_key, s.refresh, s.deadline, now);
    }
  }

  void answer_worker_queries(Clock::time_point now) {
    std::vector<std::promise<std::vector<WorkerSnapshot>>> queries;
    {
      std::lock_guard lock(mutex_);
      queries.swap(worker_queries_);
    }
    if (queries.empty()) return;
    std::vector<WorkerSnapshot> workers;
    for (const WorkerId& id : scheduler_.workers().ids()) {
      const WorkerInfo* info = scheduler_.workers().find(id);
      workers.push_back(WorkerSnapshot{printable_identity(id), info->name, info->capacity, info->in_flight.size(),
                                       std::chrono::duration_cast<milliseconds>(now - info->last_seen)});
    }
    for (auto& query : queries) query.set_value(workers);
  }

  // Only the last list matters; every caller learns it was taken.
  void take_allow_list_changes() {
    std::vector<AllowListChange> changes;
    {
      std::lock_guard lock(mutex_);
      changes.swap(allow_list_changes_);
    }
    if (changes.empty()) return;
    zap_->replace_allowed(changes.back().keys);
    log_.info("bus allow-list replaced", {{"allowed_workers", changes.back().keys.size()}});
    for (auto& change : changes) change.taken.set_value(Ok{});
  }

  // A message from a connection whose key was removed from the allow-list
  // after its handshake (libzmq does not close it): ignored, and the worker,
  // if registered, dropped as if it had said DISCONNECT.
  void ignore_revoked(const WorkerId& worker, const std::string& public_key, Clock::time_point now) {
    ++own_counters_.revoked_key_messages;
    if (scheduler_.workers().find(worker) == nullptr) return;
    log_.warn("worker dropped: its key is no longer in the allow-list",
              {{"worker", printable_identity(worker)}, {"public_key", public_key}});
    scheduler_.worker_disconnected(worker, now);
  }

  void answer_zap_requests(Clock::time_point now) {
    for (int i = 0; i < kMessagesPerWake; ++i) {
      const std::optional<ZapDecision> decision = zap_->answer_one();
      if (!decision) return;
      if (decision->allowed) continue;
      ++own_counters_.unauthenticated_peers;
      if (within_budget(unauthenticated_log_, now, "peers refused by bus authentication")) {
        log_.warn("peer refused by bus authentication", {{"address", decision->address},
                                                         {"public_key", decision->public_key},
                                                         {"reason", decision->reason}});
      }
    }
  }

  void count_failed_handshakes(Clock::time_point now) {
    for (int i = 0; i < kMessagesPerWake; ++i) {
      const std::optional<HandshakeFailure> failure = handshakes_->next();
      if (!failure) return;
      ++own_counters_.unauthenticated_peers;
      if (within_budget(unauthenticated_log_, now, "peers refused by bus authentication")) {
        // libzmq names the listening endpoint here, not the peer.
        log_.warn("peer failed the bus handshake", {{"endpoint", endpoint_}, {"reason", describe(*failure)}});
      }
    }
  }

  void receive_messages() {
    std::string public_key;  // with CURVE keys: the key the connection's handshake was allowed with
    for (int i = 0; i < kMessagesPerWake; ++i) {
      auto frames = receive_frames(router_, &public_key);
      if (!frames) return;
      handle_message(std::move(*frames), public_key, Clock::now());
    }
  }

  void handle_message(std::vector<std::string> frames, const std::string& public_key, Clock::time_point now) {
    if (frames.empty()) return;
    const WorkerId worker = frames.front();
    if (zap_ && !zap_->allows(public_key)) {
      ignore_revoked(worker, public_key, now);
      return;
    }
    frames.erase(frames.begin());
    auto envelope = parse_frames(frames);
    if (!envelope.ok()) {
      count_malformed(now, "malformed bus message",
                      {{"worker", printable_identity(worker)}, {"error", envelope.error().message}});
      return;
    }
    if (envelope->major != kProtocolMajor) {
      refuse(worker,
             "protocol major version " + std::to_string(envelope->major) + " is not supported; this API speaks " +
                 protocol_frame(),
             now);
      return;
    }
    switch (envelope->type) {
      case MessageType::kReady: return handle_ready(worker, envelope->body, now);
      case MessageType::kHeartbeat:
        if (!scheduler_.worker_seen(worker, now)) reregister(worker, now);
        return;
      case MessageType::kReply: {
        const bool known = scheduler_.worker_seen(worker, now);
        DecodedReply reply = decode_reply(envelope->body);
        if (!reply.well_formed) {
          // Still the job's outcome: its waiters learn it failed instead of waiting out their deadline.
          count_malformed(now, "malformed reply body",
                          {{"worker", printable_identity(worker)},
                           {"job", printable_identity(envelope->job_id, kLoggedJobIdBytes)},
                           {"error", reply.outcome.error().message}});
        }
        scheduler_.reply(worker, envelope->job_id, std::move(reply.outcome), now);
        if (!known) reregister(worker, now);
        return;
      }
      case MessageType::kDisconnect:
        if (scheduler_.worker_seen(worker, now)) {
          if (within_budget(disconnect_log_, now, "worker disconnected")) {
            log_.info("worker disconnected", {{"worker", printable_identity(worker)}});
          }
          scheduler_.worker_disconnected(worker, now);
        }
        return;
      case MessageType::kJob:
      case MessageType::kReregister:
      case MessageType::kRefused:
        count_malformed(now, "message type not sent by workers",
                        {{"worker", printable_identity(worker)}, {"type", message_type_name(envelope->type)}});
        return;
    }
  }

  void handle_ready(const WorkerId& worker, const std::string& body, Clock::time_point now) {
    auto ready = decode_ready(body);
    if (!ready.ok()) {
      count_malformed(now, "malformed READY", {{"worker", printable_identity(worker)}, {"error", ready.error().message}});
      return;
    }
    if (version_major(ready->version) != kProtocolMajor) {
      refuse(worker, "worker version " + ready->version + " is not supported; this API speaks " + protocol_version(),
             now);
      return;
    }
    reregister_asked_.erase(worker);
    if (within_budget(ready_log_, now, "worker ready")) {
      log_.info("worker ready", {{"worker", printable_identity(worker)},
                                 {"name", ready->worker},
                                 {"capacity", ready->capacity},
                                 {"version", ready->version}});
    }
    scheduler_.worker_ready(worker, *ready, now);
  }

  void refuse(const WorkerId& worker, const std::string& reason, Clock::time_point now) {
    ++own_counters_.refused_workers;
    if (within_budget(refused_log_, now, "worker refused")) {
      log_.error("worker refused", {{"worker", printable_identity(worker)}, {"reason", reason}});
    }
    send(worker, Envelope{kProtocolMajor, MessageType::kRefused, {}, encode_refused(reason)});
  }

  // Lines about messages any peer can send at will go through a budget
  // (log_budget.h); the first line after a spent budget says how many were
  // left out.
  // A message no worker sends: counted, and logged within the malformed-message budget.
  void count_malformed(Clock::time_point now, std::string_view msg, LogFields fields) {
    ++own_counters_.malformed_messages;
    if (within_budget(malformed_log_, now, "malformed messages")) log_.warn(msg, fields);
  }

  bool within_budget(LogBudget& budget, Clock::time_point now, std::string_view what) {
    const std::optional<std::uint64_t> admitted = budget.admit(now);
    if (!admitted) return false;
    if (*admitted > 0) log_.warn("log lines left out", {{"what", what}, {"count", *admitted}});
    return true;
  }

  // One REREGISTER per heartbeat interval for each unknown worker, however
  // many messages it sends meanwhile: a worker resumed from SIGSTOP sends a
  // burst, and each REREGISTER would cost a READY (and a "worker ready" line).
  // Peers asked long ago and never heard from again are forgotten.
  void forget_old_reregister_asks(Clock::time_point now) {
    std::erase_if(reregister_asked_, [&](const auto& entry) {
      return now - entry.second > 10 * milliseconds(options_.heartbeat_ms);
    });
  }

  void reregister(const WorkerId& worker, Clock::time_point now) {
    auto [asked, first] = reregister_asked_.try_emplace(worker, now);
    if (!first && now - asked->second < milliseconds(options_.heartbeat_ms)) return;
    asked->second = now;
    if (within_budget(reregister_log_, now, "unknown worker asked to register")) {
      log_.info("unknown worker asked to register", {{"worker", printable_identity(worker)}});
    }
    send(worker, Envelope{kProtocolMajor, MessageType::kReregister, {}, {}});
  }

  SendOutcome send(const WorkerId& worker, const Envelope& envelope) {
    return send_envelope(router_, worker, envelope);
  }

  // Executes the scheduler's decisions until it has none left: a failed send
  // (peer gone) feeds back into the scheduler and may produce new ones.
  void carry_out_actions() {
    SuccessHandler on_success;
    {
      std::lock_guard lock(mutex_);
      on_success = on_success_;
    }
    for (SchedulerActions actions = scheduler_.take_actions(); !actions.empty();
         actions = scheduler_.take_actions()) {
      for (auto& dispatch : actions.dispatches) send_job(dispatch);
      publish_stats();  // so a caller whose call() just returned sees its outcome counted
      // Successes first: what the handler does with a reply (the API writes
      // it to its tag index) is done when a caller of call() has it.
      for (auto& success : actions.successes) report_success(on_success, success);
      for (auto& completion : actions.completions) complete(completion);
    }
  }

  void send_job(const Dispatch& dispatch) {
    Envelope job{kProtocolMajor, MessageType::kJob, dispatch.job_id, encode_job(dispatch.request)};
    if (send(dispatch.worker, job) == SendOutcome::kSent) {
      log_.debug("job sent", {{"job_id", dispatch.job_id},
                              {"worker", printable_identity(dispatch.worker)},
                              {"budget_ms", dispatch.request.budget_ms}});
      return;
    }
    log_.warn("job unroutable, requeued", {{"job_id", dispatch.job_id}, {"worker", printable_identity(dispatch.worker)}});
    scheduler_.unroutable(dispatch.worker, dispatch.job_id, Clock::now());
  }

  void complete(Completion& completion) {
    auto it = promises_.find(completion.waiter);
    if (it == promises_.end()) return;
    it->second.set_value(std::move(completion.result));
    promises_.erase(it);
  }

  void report_success(const SuccessHandler& on_success, const SuccessNotice& notice) {
    if (!on_success) return;
    try {
      on_success(notice.reply, notice.had_waiters);
    } catch (const std::exception& e) {
      log_.error("success handler threw", {{"url", notice.reply.url}, {"error", e.what()}});
    } catch (...) {
      log_.error("success handler threw", {{"url", notice.reply.url}});
    }
  }

  void publish_stats() {
    BrokerStats snapshot;
    snapshot.counters = scheduler_.counters();
    add_counters(snapshot.counters, own_counters_);
    snapshot.workers = scheduler_.workers().size();
    snapshot.capacity = scheduler_.workers().capacity();
    snapshot.in_flight = scheduler_.workers().in_flight();
    snapshot.queued = scheduler_.queued();
    snapshot.waiters = scheduler_.waiters();
    snapshot.queue_wait = scheduler_.queue_wait();
    std::lock_guard lock(mutex_);
    published_ = snapshot;
  }

  void fail_everything() {
    const Error closing = Error::make(ErrorKind::kShuttingDown, "the API is shutting down");
    scheduler_.fail_all(closing);
    for (auto& completion : scheduler_.take_actions().completions) complete(completion);
    std::deque<Submission> late;
    {
      std::lock_guard lock(mutex_);
      late.swap(inbox_);
    }
    for (auto& s : late) s.promise.set_value(closing);
    for (auto& [_, promise] : promises_) promise.set_value(closing);
    promises_.clear();
    std::vector<std::promise<std::vector<WorkerSnapshot>>> queries;
    std::vector<AllowListChange> changes;
    {
      std::lock_guard lock(mutex_);
      queries.swap(worker_queries_);
      changes.swap(allow_list_changes_);
    }
    for (auto& query : queries) query.set_value({});
    for (auto& change : changes) {
      change.taken.set_value(Error::make(ErrorKind::kShuttingDown, "the broker has stopped"));
    }
    publish_stats();
  }

  const BrokerOptions options_;
  const Logger log_{"bus"};
  zmq::context_t context_;
  std::optional<ZapHandler> zap_;  // with CURVE keys; outlives router_ (require_curve)
  zmq::socket_t router_;
  std::optional<HandshakeWatch> handshakes_;  // with CURVE keys: handshakes the ROUTER failed
  std::string server_public_key_;             // with CURVE keys, for the log
  WakeSignal wake_;
  std::string endpoint_;
  std::thread thread_;

  // Shared with callers, under mutex_.
  mutable std::mutex mutex_;
  std::deque<Submission> inbox_;
  std::vector<std::promise<std::vector<WorkerSnapshot>>> worker_queries_;
  std::vector<AllowListChange> allow_list_changes_;
  WaiterId next_waiter_ = 1;
  bool accepting_ = true;
  bool stopping_ = false;
  SuccessHandler on_success_;
  BrokerStats published_;

  // Broker thread only.
  JobScheduler scheduler_;
  BusCounters own_counters_;  // refusals, malformed frames and failed authentications, seen before the scheduler
  std::unordered_map<WaiterId, std::promise<Result<JobReply>>> promises_;
  std::unordered_map<WorkerId, Clock::time_point> reregister_asked_;  // unknown workers, when last asked
  LogBudget malformed_log_{kPeerLogLines, kPeerLogInterval};
  LogBudget ready_log_{kPeerLogLines, kPeerLogInterval};
  LogBudget refused_log_{kPeerLogLines, kPeerLogInterval};
  LogBudget disconnect_log_{kPeerLogLines, kPeerLogInterval};
  LogBudget reregister_log_{kPeerLogLines, kPeerLogInterval};
  LogBudget unauthenticated_log_{kPeerLogLines, kPeerLogInterval};
  LogBudget expiry_log_{kPeerLogLines, kPeerLogInterval};
  Clock::time_point next_heartbeat_{};
};

Result<std::unique_ptr<Broker>> Broker::start(BrokerOptions options) {
  if (options.heartbeat_ms < 1 || options.liveness < 1) {
    return Error::make(ErrorKind::kBadRequest, "broker heartbeat_ms and liveness must be at least 1");
  }
  if (options.curve) {
    if (auto keys = check_curve_keys(*options.curve); !keys) return keys.error();
  }
  auto impl = std::make_unique<Impl>(std::move(options));
  if (auto bound = impl->bind(); !bound.ok()) return bound.error();
  impl->start_thread();
  return std::unique_ptr<Broker>(new Broker(std::move(impl)));
}

Broker::Broker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Broker::~Broker() = default;

Result<JobReply> Broker::call(const std::string& url_key, bool refresh,
                              std::chrono::steady_clock::time_point deadline) {
  return submit(url_key, refresh, deadline).wait();
}

Broker::Pending Broker::submit(const std::string& url_key, bool refresh,
                               std::chrono::steady_clock::time_point deadline) {
  return Pending(impl_->submit(url_key, refresh, deadline), deadline);
}

Result<JobReply> Broker::Pending::wait() {
  if (answer_.wait_until(deadline_) == std::future_status::timeout) {
    // The broker thread answers this waiter at the same deadline and keeps
    // the worker's credit taken until its reply; nothing to cancel here.
    return Error::make(ErrorKind::kDeadline, "no reply before the request's deadline");
  }
  return answer_.get();
}

void Broker::on_success(SuccessHandler handler) { impl_->set_on_success(std::move(handler)); }

BrokerStats Broker::stats() const { return impl_->stats(); }

Result<std::vector<WorkerSnapshot>> Broker::workers(std::chrono::milliseconds timeout) const {
  return impl_->workers(timeout);
}

Status Broker::replace_allowed_workers(std::vector<std::string> keys, std::chrono::milliseconds timeout) {
  return impl_->replace_allowed_workers(std::move(keys), timeout);
}

std::string Broker::endpoint() const { return impl_->endpoint(); }

void Broker::shutdown() { impl_->shutdown(); }

}  // namespace tagwire::bus
