// tagwire-bench-bus: what the bus adds to a round trip, measured beside a bare
// ZeroMQ DEALER/ROUTER echo in the same run.
//
//   tagwire-bench-bus [--jobs N] [--callers N]
//
// (a) bare: a ROUTER on tcp://127.0.0.1:* echoes each message from its own
//     thread; a DEALER sends one small message and waits for it, N times.
// (b) tagwire: a real Broker and a real WorkerLink whose handler replies at
//     once from the link thread with a fixed small JobReply (what a cache hit
//     costs the bus); Broker::call N times in a row (bare trips and calls
//     alternate in blocks of 100, so a change of machine load hits both
//     alike), then N calls from
//     --callers threads at once for throughput. Every call asks for its own
//     URL, since the broker joins concurrent calls for one URL into one job.
// The last line is `bare_median_us=.. bare_p99_us=.. bus_median_us=..
// bus_p99_us=.. ratio_median=..`.
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "tagwire/bus/broker.h"
#include "tagwire/bus/worker_link.h"
#include "tagwire/common/flags.h"
#include "tagwire/common/log.h"

namespace {

using Clock = std::chrono::steady_clock;
using tagwire::bus::Broker;
using tagwire::bus::JobReply;
using tagwire::bus::JobRequest;
using tagwire::bus::WorkerLink;

struct BenchConfig {
  int jobs = 5000;     // timed round trips per measurement
  int warmup = 200;    // untimed round trips first (connections, allocator)
  int callers = 8;     // threads calling the broker at once for throughput
  std::string log_level = "warn";  // the bus's info lines would interleave with the report
};

// The size of a small bus message: a JOB body is about this long.
constexpr std::size_t kBareMessageBytes = 64;

double micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

// Nearest-rank percentile, in µs.
double percentile_us(std::vector<double> samples, double p) {
  if (samples.empty()) return 0.0;
  std::sort(samples.begin(), samples.end());
  auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(samples.size()) + 0.999999);
  rank = std::clamp<std::size_t>(rank, 1, samples.size());
  return samples[rank - 1];
}

// CPU time of the whole process (every thread), in µs: divided by the trips
// it is the work one round trip costs, whatever else the machine is doing.
double process_cpu_us() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

struct Latencies {
  std::vector<double> us;
  double cpu_us_per_trip = 0;  // process CPU time over the timed trips / trips
  double median() const { return percentile_us(us, 50); }
  double p99() const { return percentile_us(us, 99); }
};

// ROUTER side of the bare echo: answers every message with itself until an
// empty payload arrives. The socket was bound by the caller and is used only
// here from then on.
void echo_until_empty(zmq::socket_t router) {
  while (true) {
    zmq::message_t identity;
    zmq::message_t payload;
    if (!router.recv(identity) || !router.recv(payload)) return;
    if (payload.size() == 0) return;
    router.send(identity, zmq::send_flags::sndmore);
    router.send(payload, zmq::send_flags::none);
  }
}

// The bare round trip: a DEALER on the calling thread, a ROUTER echoing from
// its own thread, over loopback TCP. The destructor stops and joins the echo.
class BareEcho {
 public:
  BareEcho() : router_(context_, zmq::socket_type::router), dealer_(context_, zmq::socket_type::dealer) {
    router_.set(zmq::sockopt::linger, 0);
    router_.bind("tcp://127.0.0.1:*");
    const std::string endpoint = router_.get(zmq::sockopt::last_endpoint);
    echo_ = std::thread(echo_until_empty, std::move(router_));
    dealer_.set(zmq::sockopt::linger, 0);
    dealer_.connect(endpoint);
  }

  ~BareEcho() {
    dealer_.send(zmq::message_t(), zmq::send_flags::none);
    echo_.join();
  }

  BareEcho(const BareEcho&) = delete;
  BareEcho& operator=(const BareEcho&) = delete;

  // One message there and back; false when the echo did not come back whole.
  bool trip(double* us) {
    const Clock::time_point start = Clock::now();
    dealer_.send(zmq::buffer(message_), zmq::send_flags::none);
    zmq::message_t echoed;
    const bool whole = dealer_.recv(echoed) && echoed.size() == message_.size();
    *us = micros(Clock::now() - start);
    if (!whole) std::cerr << "tagwire-bench-bus: the bare echo came back broken\n";
    return whole;
  }

 private:
  zmq::context_t context_;
  zmq::socket_t router_;
  zmq::socket_t dealer_;
  std::thread echo_;
  const std::string message_ = std::string(kBareMessageBytes, 'x');
};

// A cache hit's answer: what the worker would send without computing anything.
JobReply cached_reply(const JobRequest& job) {
  JobReply reply;
  reply.url = job.url;
  reply.final_url = job.url;
  reply.title = "A cached page";
  reply.tags = {{"node.js", 1.0, "declared"}, {"web development", 0.82, "inferred"}, {"express", 0.64, "inferred"}};
  reply.computed_at_ms = 1'700'000'000'000;
  reply.cached = true;
  return reply;
}

// A Broker with one WorkerLink that answers every job at once from the link
// thread. Both are torn down by the destructor, link first.
class CachedBus {
 public:
  bool start(int capacity) {
    tagwire::bus::BrokerOptions broker_options;
    broker_options.bind = "tcp://127.0.0.1:*";
    auto broker = Broker::start(broker_options);
    if (!broker.ok()) return fail("broker: " + broker.error().message);
    broker_ = std::move(*broker);
    broker_->on_success([](const JobReply&, bool) {});

    tagwire::bus::WorkerLinkOptions link_options;
    link_options.connect = broker_->endpoint();
    link_options.capacity = capacity;
    link_options.name = "bench-worker";
    auto link = WorkerLink::start(link_options, [this](JobRequest job, std::string job_id) {
      link_.load()->reply(job_id, cached_reply(job));
    });
    if (!link.ok()) return fail("worker link: " + link.error().message);
    owned_link_ = std::move(*link);
    link_.store(owned_link_.get());
    return wait_for_worker();
  }

  ~CachedBus() {
    if (owned_link_) owned_link_->stop();
    owned_link_.reset();
    broker_.reset();
  }

  Broker& broker() { return *broker_; }

 private:
  bool wait_for_worker() {
    const Clock::time_point give_up = Clock::now() + std::chrono::seconds(5);
    while (broker_->stats().workers == 0) {
      if (Clock::now() > give_up) return fail("the worker link did not register within 5 s");
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
  }

  static bool fail(const std::string& reason) {
    std::cerr << "tagwire-bench-bus: " << reason << "\n";
    return false;
  }

  std::unique_ptr<Broker> broker_;
  std::unique_ptr<WorkerLink> owned_link_;
  // Jobs arrive only after start() returned, so the handler always sees it set.
  std::atomic<WorkerLink*> link_{nullptr};
};

// One call for its own URL; false (with the reason printed) when it fails.
bool timed_call(Broker& broker, const std::string& url, double* us) {
  const Clock::time_point start = Clock::now();
  auto reply = broker.call(url, false, start + std::chrono::seconds(5));
  *us = micros(Clock::now() - start);
  if (!reply.ok()) {
    std::cerr << "tagwire-bench-bus: call for " << url << " failed: " << reply.error().message << "\n";
    return false;
  }
  return true;
}

// Bare trips and bus calls alternate in blocks of kBlockTrips, so a change in
// the machine's load during the run falls on both alike.
constexpr int kBlockTrips = 100;

bool measure_sequential(const BenchConfig& config, BareEcho& bare, Broker& broker, Latencies& bare_out,
                        Latencies& bus_out) {
  double us = 0;
  int url = 0;
  for (int i = 0; i < config.warmup; ++i) {
    if (!bare.trip(&us)) return false;
    if (!timed_call(broker, "https://bench.example/seq/" + std::to_string(url++), &us)) return false;
  }
  double bare_cpu = 0;
  double bus_cpu = 0;
  for (int done = 0; done < config.jobs; done += kBlockTrips) {
    const int block = std::min(kBlockTrips, config.jobs - done);
    const double cpu_before_bare = process_cpu_us();
    for (int i = 0; i < block; ++i) {
      if (!bare.trip(&us)) return false;
      bare_out.us.push_back(us);
    }
    const double cpu_before_bus = process_cpu_us();
    for (int i = 0; i < block; ++i) {
      if (!timed_call(broker, "https://bench.example/seq/" + std::to_string(url++), &us)) return false;
      bus_out.us.push_back(us);
    }
    bare_cpu += cpu_before_bus - cpu_before_bare;
    bus_cpu += process_cpu_us() - cpu_before_bus;
  }
  bare_out.cpu_us_per_trip = bare_cpu / config.jobs;
  bus_out.cpu_us_per_trip = bus_cpu / config.jobs;
  return true;
}

struct Throughput {
  double calls_per_s = 0;
  Latencies latencies;
};

bool measure_bus_concurrent(const BenchConfig& config, Broker& broker, Throughput& result) {
  const int per_caller = std::max(1, config.jobs / config.callers);
  std::vector<std::vector<double>> samples(static_cast<std::size_t>(config.callers));
  std::atomic<bool> failed{false};
  const Clock::time_point start = Clock::now();
  const double cpu_start = process_cpu_us();
  std::vector<std::thread> callers;
  for (int c = 0; c < config.callers; ++c) {
    callers.emplace_back([&, c] {
      auto& mine = samples[static_cast<std::size_t>(c)];
      mine.reserve(static_cast<std::size_t>(per_caller));
      for (int i = 0; i < per_caller && !failed; ++i) {
        double us = 0;
        const std::string url = "https://bench.example/par/" + std::to_string(c) + "/" + std::to_string(i);
        if (!timed_call(broker, url, &us)) failed = true;
        mine.push_back(us);
      }
    });
  }
  for (auto& t : callers) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (const auto& s : samples) result.latencies.us.insert(result.latencies.us.end(), s.begin(), s.end());
  result.calls_per_s = static_cast<double>(result.latencies.us.size()) / seconds;
  result.latencies.cpu_us_per_trip = (process_cpu_us() - cpu_start) / static_cast<double>(result.latencies.us.size());
  return !failed;
}

void print_report(const BenchConfig& config, const Latencies& bare, const Latencies& bus,
                  const Throughput& concurrent, const tagwire::bus::BrokerStats& stats) {
  std::printf("round trips: %d sequential each (+%d warm-up), loopback TCP, alternating in blocks of %d\n",
              config.jobs, config.warmup, kBlockTrips);
  // calls/s: 1 / median for the sequential rows, measured for the concurrent one.
  std::printf("%-34s %10s %10s %12s %12s\n", "", "median µs", "p99 µs", "calls/s", "cpu µs/call");
  std::printf("%-34s %10.1f %10.1f %12.0f %12.1f\n", "bare DEALER/ROUTER echo (64 B)", bare.median(), bare.p99(),
              1e6 / bare.median(), bare.cpu_us_per_trip);
  std::printf("%-34s %10.1f %10.1f %12.0f %12.1f\n", "Broker::call, cached reply", bus.median(), bus.p99(),
              1e6 / bus.median(), bus.cpu_us_per_trip);
  const std::string concurrent_label = "Broker::call, " + std::to_string(config.callers) + " callers";
  std::printf("%-34s %10.1f %10.1f %12.0f %12.1f\n", concurrent_label.c_str(), concurrent.latencies.median(),
              concurrent.latencies.p99(), concurrent.calls_per_s, concurrent.latencies.cpu_us_per_trip);
  // Coalesced must be 0: every call asked for its own URL.
  std::printf("broker: jobs sent %llu, coalesced %llu\n", static_cast<unsigned long long>(stats.counters.jobs_sent),
              static_cast<unsigned long long>(stats.counters.coalesced));
  std::printf("bare_median_us=%.1f bare_p99_us=%.1f bus_median_us=%.1f bus_p99_us=%.1f ratio_median=%.2f\n",
              bare.median(), bare.p99(), bus.median(), bus.p99(), bus.median() / bare.median());
}

}  // namespace

int main(int argc, char** argv) {
  BenchConfig config;
  tagwire::FlagSet flags("tagwire-bench-bus",
                         "Times a bare ZeroMQ DEALER/ROUTER round trip and a Broker::call answered at once by a "
                         "WorkerLink (a cache hit), sequentially, plus the broker's throughput with concurrent "
                         "callers. The last line is 'bare_median_us=.. bare_p99_us=.. bus_median_us=.. "
                         "bus_p99_us=.. ratio_median=..'.");
  flags.add_int("jobs", &config.jobs, "timed round trips per measurement", 1, 10'000'000);
  flags.add_int("warmup", &config.warmup, "untimed round trips first", 0, 1'000'000);
  flags.add_int("callers", &config.callers, "threads calling the broker at once", 1, 256);
  flags.add_string("log-level", &config.log_level, "the bus's log level (trace|debug|info|warn|error|critical|off)");
  std::vector<std::string> positional;
  if (auto exit_code = flags.parse_for_main(argc, argv, tagwire::process_env, positional, std::cout, std::cerr)) {
    return *exit_code;
  }
  if (!positional.empty()) {
    std::cerr << "tagwire-bench-bus: unexpected argument '" << positional[0] << "' (see --help)\n";
    return 2;
  }

  if (!tagwire::set_log_level(config.log_level)) {
    std::cerr << "tagwire-bench-bus: --log-level: '" << config.log_level << "' is not a log level (see --help)\n";
    return 2;
  }
  Latencies bare;
  Latencies sequential;
  Throughput concurrent;
  tagwire::bus::BrokerStats stats;
  {
    BareEcho echo;
    CachedBus bus;
    if (!bus.start(config.callers)) return 1;
    if (!measure_sequential(config, echo, bus.broker(), bare, sequential)) return 1;
    if (!measure_bus_concurrent(config, bus.broker(), concurrent)) return 1;
    stats = bus.broker().stats();
  }  // torn down before the report, so the figures line stays last
  print_report(config, bare, sequential, concurrent, stats);
  return 0;
}
