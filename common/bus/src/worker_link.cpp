// The worker link thread: owns the DEALER, keeps the API informed (READY,
// heartbeats), hands jobs to the worker and sends its replies.
//
// Compute threads only touch outbox_ (under mutex_) and raise wake_; the
// socket, its handshake watch, the liveness clock and the back-off belong to
// the link thread.
#include "tagwire/bus/worker_link.h"
#include "tagwire/common/service_thread.h"

#include <array>
#include <cstdio>
#include <deque>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include <unistd.h>

#include <zmq.hpp>

#include "frames_io.h"
#include "handshake_watch.h"
#include "tagwire/common/log.h"
#include "wake_signal.h"

namespace tagwire::bus {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int kMessagesPerWake = 256;

Status validate(const WorkerLinkOptions& o) {
  if (o.capacity < 1) return Error::make(ErrorKind::kBadRequest, "worker capacity must be at least 1");
  if (o.heartbeat_ms < 1 || o.liveness < 1) {
    return Error::make(ErrorKind::kBadRequest, "heartbeat_ms and liveness must be at least 1");
  }
  if (o.reconnect_initial_ms < 1 || o.reconnect_max_ms < o.reconnect_initial_ms) {
    return Error::make(ErrorKind::kBadRequest, "reconnect back-off must satisfy 1 <= initial <= max");
  }
  if (o.curve && !is_z85_key(o.curve->server_key)) {
    return Error::make(ErrorKind::kBadRequest, "the API's public key is not a 40-character Z85 CURVE key");
  }
  return Ok{};
}

// This worker's public key, for the socket and the logs; "" without CURVE.
Result<std::string> own_public_key(const WorkerLinkOptions& o) {
  if (!o.curve) return std::string();
  auto derived = public_key_of(o.curve->secret_key);
  if (!derived && derived.error().kind == ErrorKind::kBadRequest) {
    return Error::make(ErrorKind::kBadRequest, "the worker's CURVE secret key is not a 40-character Z85 key");
  }
  return derived;
}

// What to check after a failed handshake.
std::string handshake_hint(const HandshakeFailure& failure, bool curve) {
  if (failure.event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) return "is this worker's public key in the API's allow-list?";
  return curve ? "is the server key the API's public key, and does the API have CURVE keys?"
               : "does the API require CURVE keys?";
}

// The link's routing id, "w-" and 16 random hex digits, chosen once and used
// by every socket it opens. Left to itself, the API's ROUTER (libzmq 4.3.4)
// gives an anonymous peer the id 0x00 plus a counter, and aborts the whole
// process when a peer already chose that id for itself: with an id of their
// own, workers never take part in such a clash (docs/decisions.md, the bus is
// a trust boundary). Keeping it across reconnects lets the replies kept while
// disconnected come from the peer the broker sent their jobs to.
std::string random_routing_id() {
  std::uint64_t value = 0;
  try {
    std::random_device device;
    value = std::uniform_int_distribution<std::uint64_t>{}(device);
  } catch (const std::exception&) {  // no entropy source: the clock and the pid still differ per worker
    value = static_cast<std::uint64_t>(Clock::now().time_since_epoch().count()) ^
            (static_cast<std::uint64_t>(::getpid()) << 40);
  }
  char text[24];
  std::snprintf(text, sizeof text, "w-%016llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace

class WorkerLink::Impl {
 public:
  Impl(WorkerLinkOptions options, std::string public_key, JobHandler handler)
      : options_(std::move(options)),
        public_key_(std::move(public_key)),
        handler_(std::move(handler)),
        routing_id_(random_routing_id()),
        backoff_(options_.reconnect_initial_ms) {}

  ~Impl() { stop(); }

  // Opens the first socket on the caller's thread so a malformed endpoint
  // fails start(); the thread start that follows hands the socket over.
  Status open_first_socket() {
    if (!wake_.valid()) return Error::make(ErrorKind::kInternal, "cannot create the link's wake-up eventfd");
    try {
      open_socket();
    } catch (const zmq::error_t& e) {
      close_socket();
      return Error::make(ErrorKind::kBadRequest, "cannot connect to " + options_.connect + ": " + e.what());
    }
    return Ok{};
  }

  void start_thread() {
    if (options_.curve) {
      // The public keys only: the API's allow-list needs this worker's.
      log_.info("bus authentication on", {{"endpoint", options_.connect},
                                          {"public_key", public_key_},
                                          {"server_key", options_.curve->server_key}});
    }
    thread_ = std::thread([this] {
      begin_service_thread("tw-bus-link");
      run();
    });
  }

  void reply(const std::string& job_id, const Result<JobReply>& reply) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      outbox_.emplace_back(job_id, encode_reply(reply));
    }
    wake_.raise();
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      stopping_ = true;
    }
    wake_.raise();
    if (thread_.joinable()) thread_.join();
  }

  WorkerLinkStats stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
  }

 private:
  void run() {
    const Clock::time_point now = Clock::now();
    send_ready();
    last_heard_ = now;
    next_heartbeat_ = now + milliseconds(options_.heartbeat_ms);
    while (!stop_requested()) {
      // The last two only while a socket is open; its handshake watch exists with it (close_socket).
      std::array<zmq_pollitem_t, 3> items{{{nullptr, wake_.fd(), ZMQ_POLLIN, 0},
                                           {dealer_ ? dealer_->handle() : nullptr, 0, ZMQ_POLLIN, 0},
                                           {handshakes_ ? handshakes_->socket().handle() : nullptr, 0, ZMQ_POLLIN, 0}}};
      zmq::poll(items.data(), dealer_ ? 3 : 1, poll_timeout(Clock::now()));
      if (items[0].revents & ZMQ_POLLIN) wake_.drain();
      if (dealer_ && (items[1].revents & ZMQ_POLLIN)) receive_messages();
      if (dealer_ && (items[2].revents & ZMQ_POLLIN)) watch_handshake(Clock::now());
      link_cron(Clock::now());
      send_replies();
    }
    say_goodbye();
  }

  // The one periodic duty: reconnect when the back-off is over, give up on
  // a silent API, heartbeat when due.
  void link_cron(Clock::time_point now) {
    if (!dealer_) {
      if (now >= reconnect_at_) reconnect(now);
      return;
    }
    if (now >= last_heard_ + expiry()) {
      log_.warn("API silent, reconnecting", {{"endpoint", options_.connect}, {"backoff_ms", backoff_}});
      drop_socket(now);
      return;
    }
    if (now >= next_heartbeat_) {
      if (send(Envelope{kProtocolMajor, MessageType::kHeartbeat, {}, {}})) count(&WorkerLinkStats::heartbeats_sent);
      next_heartbeat_ = now + milliseconds(options_.heartbeat_ms);
    }
  }

  milliseconds poll_timeout(Clock::time_point now) const {
    Clock::time_point wake_at = dealer_ ? std::min(next_heartbeat_, last_heard_ + expiry()) : reconnect_at_;
    if (wake_at <= now) return milliseconds(0);
    return std::chrono::ceil<milliseconds>(wake_at - now);
  }

  milliseconds expiry() const { return milliseconds(options_.heartbeat_ms) * options_.liveness; }

  bool stop_requested() {
    std::lock_guard lock(mutex_);
    return stopping_;
  }

  void open_socket() {
    dealer_.emplace(context_, zmq::socket_type::dealer);
    // Long enough for a DISCONNECT or a last reply to leave on stop(), short
    // enough that stopping never hangs on an API that is gone.
    dealer_->set(zmq::sockopt::linger, options_.heartbeat_ms);
    dealer_->set(zmq::sockopt::maxmsgsize, kMaxFrameBytes);
    dealer_->set(zmq::sockopt::routing_id, routing_id_);
    if (options_.curve) {
      dealer_->set(zmq::sockopt::curve_serverkey, options_.curve->server_key);
      dealer_->set(zmq::sockopt::curve_publickey, public_key_);
      dealer_->set(zmq::sockopt::curve_secretkey, options_.curve->secret_key);
    }
    // A new inproc name for each socket: the last one's may not be released yet.
    handshakes_.emplace(context_, *dealer_, "inproc://tagwire-link-handshakes-" + std::to_string(++sockets_opened_),
                        HandshakeWatch::kAllFailures);
    dealer_->connect(options_.connect);
    set_connected(true);
  }

  void close_socket() {
    handshakes_.reset();
    dealer_.reset();
  }

  void drop_socket(Clock::time_point now) {
    dealer_->set(zmq::sockopt::linger, 0);
    close_socket();
    set_connected(false);
    reconnect_at_ = now + milliseconds(backoff_);
    backoff_ = std::min(backoff_ * 2, options_.reconnect_max_ms);
  }

  void reconnect(Clock::time_point now) {
    try {
      open_socket();
    } catch (const zmq::error_t& e) {
      close_socket();  // whatever open_socket() made: the socket and its watch exist together or not at all
      log_.error("reconnect failed", {{"endpoint", options_.connect}, {"error", e.what()}});
      reconnect_at_ = now + milliseconds(backoff_);
      return;
    }
    count(&WorkerLinkStats::reconnects);
    log_.info("reconnected", {{"endpoint", options_.connect}});
    last_heard_ = now;
    next_heartbeat_ = now + milliseconds(options_.heartbeat_ms);
    send_ready();
  }

  void send_ready() {
    Ready ready{options_.capacity, protocol_version(), options_.name};
    if (send(Envelope{kProtocolMajor, MessageType::kReady, {}, encode_ready(ready)})) {
      count(&WorkerLinkStats::readies_sent);
    }
  }

  // A failed handshake leaves libzmq retrying every 100 ms (keys that do not
  // match) or, after the API's authentication refused the key, waiting in
  // silence: the link drops the socket and backs off as after REFUSED. Any
  // failure counts, so one that only a key mismatch explains (the API hangs
  // up mid-handshake) backs off too; the log line says what to check.
  void watch_handshake(Clock::time_point now) {
    const std::optional<HandshakeFailure> failure = handshakes_->next();
    if (!failure) return;
    count(&WorkerLinkStats::handshake_failures);
    log_.error("bus handshake with the API failed", {{"endpoint", options_.connect},
                                                      {"reason", describe(*failure)},
                                                      {"check", handshake_hint(*failure, options_.curve.has_value())},
                                                      {"public_key", public_key_.empty() ? "none" : public_key_},
                                                      {"backoff_ms", backoff_}});
    drop_socket(now);
  }

  void receive_messages() {
    for (int i = 0; i < kMessagesPerWake && dealer_; ++i) {
      auto frames = receive_frames(*dealer_);
      if (!frames) return;
      handle_message(*frames, Clock::now());
    }
  }

  void handle_message(const std::vector<std::string>& frames, Clock::time_point now) {
    auto envelope = parse_frames(frames);
    if (!envelope.ok() || envelope->major != kProtocolMajor) {
      count(&WorkerLinkStats::malformed_messages);
      log_.warn("malformed bus message from the API",
                {{"error", envelope.ok() ? "another protocol major version" : envelope.error().message}});
      return;
    }
    if (envelope->type == MessageType::kRefused) {
      // Treated like silence: back off and try again, in case the API is upgraded.
      count(&WorkerLinkStats::refusals);
      log_.error("refused by the API", {{"endpoint", options_.connect},
                                        {"reason", decode_refused(envelope->body)},
                                        {"version", protocol_version()}});
      drop_socket(now);
      return;
    }
    last_heard_ = now;
    backoff_ = options_.reconnect_initial_ms;
    switch (envelope->type) {
      case MessageType::kHeartbeat: count(&WorkerLinkStats::heartbeats_received); return;
      case MessageType::kJob: return handle_job(envelope->job_id, envelope->body);
      case MessageType::kReregister:
        // At most two READYs per heartbeat interval however many REREGISTERs
        // come: the API asks at most once an interval (give or take jitter),
        // and a flood is not worth a READY each.
        if (now - last_reregister_answer_ < milliseconds(options_.heartbeat_ms) / 2) return;
        last_reregister_answer_ = now;
        log_.info("API asked to register again", {{"endpoint", options_.connect}});
        send_ready();
        return;
      default:
        count(&WorkerLinkStats::malformed_messages);
        log_.warn("message type not sent by the API", {{"type", message_type_name(envelope->type)}});
        return;
    }
  }

  void handle_job(const std::string& job_id, const std::string& body) {
    count(&WorkerLinkStats::jobs_received);
    auto job = decode_job(body);
    if (!job.ok()) {
      count(&WorkerLinkStats::malformed_messages);
      queue_reply(job_id, Error::make(ErrorKind::kInternal, job.error().message));
      return;
    }
    if (job->budget_ms <= 0) {
      count(&WorkerLinkStats::jobs_expired_on_arrival);
      queue_reply(job_id, Error::make(ErrorKind::kDeadline, "the job's budget ran out before it started"));
      return;
    }
    try {
      handler_(std::move(*job), job_id);
    } catch (...) {  // anything: the link thread must outlive one job's failure
      const std::string what = describe_exception(std::current_exception());
      log_.error("job handler threw", {{"job_id", job_id}, {"error", what}});
      queue_reply(job_id, Error::make(ErrorKind::kInternal, "job handler failed: " + what));
    }
  }

  // A reply the link makes itself, on its own thread, while outbox_ may be
  // closed for compute threads by stop().
  void queue_reply(const std::string& job_id, const Result<JobReply>& reply) {
    std::lock_guard lock(mutex_);
    outbox_.emplace_back(job_id, encode_reply(reply));
  }

  void send_replies() {
    if (!dealer_) return;  // kept until the next READY
    std::deque<std::pair<std::string, std::string>> batch;
    {
      std::lock_guard lock(mutex_);
      batch.swap(outbox_);
    }
    while (!batch.empty()) {
      auto& [job_id, body] = batch.front();
      if (!send(Envelope{kProtocolMajor, MessageType::kReply, job_id, body})) break;
      count(&WorkerLinkStats::replies_sent);
      batch.pop_front();
    }
    if (batch.empty()) return;
    // The pipe is full: keep the rest, in order, for the next turn.
    std::lock_guard lock(mutex_);
    outbox_.insert(outbox_.begin(), batch.begin(), batch.end());
  }

  void say_goodbye() {
    if (dealer_) {
      send_replies();
      send(Envelope{kProtocolMajor, MessageType::kDisconnect, {}, {}});
      close_socket();  // lingers up to heartbeat_ms to deliver the above
    }
    set_connected(false);
    log_.info("worker link stopped", {{"endpoint", options_.connect}});
  }

  bool send(const Envelope& envelope) {
    return dealer_ && send_envelope(*dealer_, std::nullopt, envelope) == SendOutcome::kSent;
  }

  void count(std::uint64_t WorkerLinkStats::*field) {
    std::lock_guard lock(mutex_);
    ++(stats_.*field);
  }

  void set_connected(bool connected) {
    std::lock_guard lock(mutex_);
    stats_.connected = connected;
  }

  const WorkerLinkOptions options_;
  const std::string public_key_;  // this worker's CURVE public key; "" without CURVE
  const JobHandler handler_;
  const std::string routing_id_;  // every socket's (random_routing_id)
  const Logger log_{"bus"};
  zmq::context_t context_;
  WakeSignal wake_;
  std::thread thread_;

  // Shared with compute threads, under mutex_.
  mutable std::mutex mutex_;
  std::deque<std::pair<std::string, std::string>> outbox_;  // (job id, encoded REPLY body)
  bool stopping_ = false;
  WorkerLinkStats stats_;

  // Link thread only (and start(), before the thread exists).
  std::optional<zmq::socket_t> dealer_;
  std::optional<HandshakeWatch> handshakes_;  // dealer_'s, while it is open
  int sockets_opened_ = 0;
  int backoff_;
  Clock::time_point last_heard_{};
  Clock::time_point next_heartbeat_{};
  Clock::time_point reconnect_at_{};
  Clock::time_point last_reregister_answer_{};
};

Result<std::unique_ptr<WorkerLink>> WorkerLink::open(WorkerLinkOptions options, JobHandler handler) {
  if (auto valid = validate(options); !valid.ok()) return valid.error();
  if (!handler) return Error::make(ErrorKind::kBadRequest, "the worker link needs a job handler");
  auto public_key = own_public_key(options);
  if (!public_key) return public_key.error();
  auto impl = std::make_unique<Impl>(std::move(options), std::move(public_key).value(), std::move(handler));
  if (auto opened = impl->open_first_socket(); !opened.ok()) return opened.error();
  return std::unique_ptr<WorkerLink>(new WorkerLink(std::move(impl)));
}

Result<std::unique_ptr<WorkerLink>> WorkerLink::start(WorkerLinkOptions options, JobHandler handler) {
  Result<std::unique_ptr<WorkerLink>> link = open(std::move(options), std::move(handler));
  if (link) link.value()->run();
  return link;
}

void WorkerLink::run() { impl_->start_thread(); }

WorkerLink::WorkerLink(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

WorkerLink::~WorkerLink() { stop(); }

void WorkerLink::reply(const std::string& job_id, const Result<JobReply>& reply) { impl_->reply(job_id, reply); }

void WorkerLink::stop() { impl_->stop(); }

WorkerLinkStats WorkerLink::stats() const { return impl_->stats(); }

}  // namespace tagwire::bus
