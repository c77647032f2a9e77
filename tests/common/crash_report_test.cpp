// Crash reports: a forked child installs the handlers and crashes; the parent
// reads the child's stderr through a pipe and checks how it died and what it
// wrote. Children never write cores (RLIMIT_CORE 0) and are killed by an alarm
// if a report hangs.
#include "tagwire/common/crash_report.h"
#include "tagwire/common/service_thread.h"

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <pthread.h>
#include <rapidjson/document.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tagwire/common/utc_time.h"
#include "json_line.h"

using tagwire::testing::parse_json_line;

namespace {

struct ChildOutcome {
  int status = 0;
  pid_t pid = 0;
  std::string err;  // everything the child wrote to stderr
  std::int64_t started_ms = 0, ended_ms = 0;
};

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Runs `body` in a forked child whose stderr is a pipe, and waits for it.
ChildOutcome run_child(const std::function<void()>& body) {
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  ChildOutcome outcome;
  outcome.started_ms = now_ms();
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(pipe_fds[0]);
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ::close(pipe_fds[1]);
    const int devnull = ::open("/dev/null", O_WRONLY);
    if (devnull >= 0) ::dup2(devnull, STDOUT_FILENO);
    rlimit core{};
    ::getrlimit(RLIMIT_CORE, &core);
    core.rlim_cur = 0;
    ::setrlimit(RLIMIT_CORE, &core);
    ::alarm(30);  // a hung report dies of SIGALRM instead of hanging the suite
    body();
    ::_exit(99);  // the body was meant to crash
  }
  ::close(pipe_fds[1]);
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    outcome.err.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(pipe_fds[0]);
  while (::waitpid(pid, &outcome.status, 0) < 0 && errno == EINTR) {
  }
  outcome.pid = pid;
  outcome.ended_ms = now_ms();
  return outcome;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The lines holding `"msg":"<msg>"`.
std::vector<std::string> lines_with_msg(const std::string& err, const std::string& msg) {
  std::vector<std::string> found;
  for (const std::string& line : lines_of(err)) {
    if (line.find("\"msg\":\"" + msg + "\"") != std::string::npos) found.push_back(line);
  }
  return found;
}

std::string string_member(const rapidjson::Document& doc, const char* key) {
  INFO("key: " << key);
  REQUIRE(doc.HasMember(key));
  REQUIRE(doc[key].IsString());
  return std::string(doc[key].GetString(), doc[key].GetStringLength());
}

// The one crash line of `outcome`, parsed, with the keys every crash line has.
rapidjson::Document crash_line(const ChildOutcome& outcome, const char* signal) {
  INFO("stderr:\n" << outcome.err);
  const std::vector<std::string> lines = lines_with_msg(outcome.err, "crash");
  REQUIRE(lines.size() == 1);
  rapidjson::Document doc = parse_json_line(lines.front());
  CHECK(string_member(doc, "level") == "critical");
  CHECK(string_member(doc, "logger") == "crash-test");
  CHECK(string_member(doc, "signal") == signal);
  REQUIRE(doc.HasMember("pid"));
  CHECK(doc["pid"].GetInt64() == outcome.pid);
  REQUIRE(doc.HasMember("tid"));
  CHECK(doc["tid"].IsInt64());
  CHECK(doc.HasMember("thread"));
  CHECK(string_member(doc, "core_limit") == "0");
  // ts: the log lines' format, between the fork and the child's end.
  const std::string ts = string_member(doc, "ts");
  CHECK(ts.size() == 24);
  CHECK(ts >= tagwire::format_utc_ms(outcome.started_ms));
  CHECK(ts <= tagwire::format_utc_ms(outcome.ended_ms));
  return doc;
}

// The addresses of the backtrace lines ("binary(+0x1a2b)[0x55...]").
std::vector<std::uintptr_t> backtrace_addresses(const std::string& err) {
  std::vector<std::uintptr_t> addresses;
  for (const std::string& line : lines_of(err)) {
    const auto open = line.rfind("[0x");
    if (open == std::string::npos || line.front() == '{' || line.back() != ']') continue;
    addresses.push_back(static_cast<std::uintptr_t>(std::stoull(line.substr(open + 1), nullptr, 16)));
  }
  return addresses;
}

bool some_frame_in(const std::vector<std::uintptr_t>& frames, const void* function, std::uintptr_t bytes) {
  const auto start = reinterpret_cast<std::uintptr_t>(function);
  for (const std::uintptr_t frame : frames) {
    if (frame >= start && frame < start + bytes) return true;
  }
  return false;
}

void expect_killed_by(const ChildOutcome& outcome, int signal) {
  INFO("stderr:\n" << outcome.err);
  REQUIRE(WIFSIGNALED(outcome.status));
  CHECK(WTERMSIG(outcome.status) == signal);
}

// --- crashes the children run ---------------------------------------------------

int* volatile g_null = nullptr;
volatile int g_zero = 0;
volatile int g_depth_limit = 1 << 30;

[[gnu::noinline]] void write_through_null() {
  g_null[10] = 1;  // address 0x28
}

[[gnu::noinline]] int recurse(int depth) {
  volatile char frame[1024];
  frame[0] = static_cast<char>(depth);
  if (depth >= g_depth_limit) return frame[0];
  return recurse(depth + 1) + frame[0];
}

[[gnu::noinline]] void throw_runtime_error() { throw std::runtime_error("widget \"7\" jammed"); }

}  // namespace

TEST_CASE("a segmentation fault is reported with its address and a backtrace, then kills with SIGSEGV",
          "[crash_report]") {
  const ChildOutcome outcome = run_child([] {
    tagwire::install_crash_report("crash-test");
    write_through_null();
  });
  expect_killed_by(outcome, SIGSEGV);
  const rapidjson::Document doc = crash_line(outcome, "SIGSEGV");
  CHECK(string_member(doc, "code") == "SEGV_MAPERR");
  CHECK(string_member(doc, "address") == "0x28");
  CHECK_FALSE(doc.HasMember("sender_pid"));
  // The report comes first; then the frames, through the signal frame into the
  // function that faulted.
  CHECK(outcome.err.rfind("{\"ts\":\"", 0) == 0);
  const std::vector<std::uintptr_t> frames = backtrace_addresses(outcome.err);
  INFO("stderr:\n" << outcome.err);
  CHECK(frames.size() >= 4);
  CHECK(some_frame_in(frames, reinterpret_cast<const void*>(&write_through_null), 64));
}

TEST_CASE("abort() is reported as SIGABRT and kills with SIGABRT", "[crash_report]") {
  const ChildOutcome outcome = run_child([] {
    tagwire::install_crash_report("crash-test");
    std::abort();
  });
  expect_killed_by(outcome, SIGABRT);
  const rapidjson::Document doc = crash_line(outcome, "SIGABRT");
  CHECK(string_member(doc, "code") == "SI_TKILL");
  CHECK(doc["sender_pid"].GetInt64() == outcome.pid);
  CHECK_FALSE(doc.HasMember("address"));
  INFO("stderr:\n" << outcome.err);
  CHECK(backtrace_addresses(outcome.err).size() >= 3);
  CHECK(outcome.err.find("abort") != std::string::npos);  // libc.so.6(abort+0x..)
}

TEST_CASE("each fatal signal is reported by name and re-raised", "[crash_report]") {
  const int signal = GENERATE(SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT);
  const char* name = signal == SIGSEGV  ? "SIGSEGV"
                     : signal == SIGBUS ? "SIGBUS"
                     : signal == SIGFPE ? "SIGFPE"
                     : signal == SIGILL ? "SIGILL"
                                        : "SIGABRT";
  INFO("signal " << name);
  const ChildOutcome outcome = run_child([signal] {
    tagwire::install_crash_report("crash-test");
    ::raise(signal);
  });
  expect_killed_by(outcome, signal);
  const rapidjson::Document doc = crash_line(outcome, name);
  CHECK(string_member(doc, "code") == "SI_TKILL");
  CHECK_FALSE(doc.HasMember("address"));  // a sent signal has no faulting address
  CHECK(backtrace_addresses(outcome.err).size() >= 3);
}

#if defined(__x86_64__) || defined(__i386__)
TEST_CASE("an integer division by zero is reported as SIGFPE FPE_INTDIV", "[crash_report]") {
  const ChildOutcome outcome = run_child([] {
    tagwire::install_crash_report("crash-test");
    g_zero = 7 / g_zero;
  });
  expect_killed_by(outcome, SIGFPE);
  const rapidjson::Document doc = crash_line(outcome, "SIGFPE");
  CHECK(string_member(doc, "code") == "FPE_INTDIV");
}
#endif

TEST_CASE("an uncaught exception logs its type and message, then aborts with the throw site in the backtrace",
          "[crash_report]") {
  const ChildOutcome outcome = run_child([] {
    tagwire::install_crash_report("crash-test");
    // A thread: nothing above it catches (the forked test case would).
    std::thread([] { throw_runtime_error(); }).join();
  });
  expect_killed_by(outcome, SIGABRT);
  INFO("stderr:\n" << outcome.err);
  const std::vector<std::string> uncaught = lines_with_msg(outcome.err, "uncaught exception");
  REQUIRE(uncaught.size() == 1);
  const rapidjson::Document exception = parse_json_line(uncaught.front());
  CHECK(string_member(exception, "level") == "critical");
  CHECK(string_member(exception, "logger") == "crash-test");
  CHECK(string_member(exception, "type") == "std::runtime_error");
  CHECK(string_member(exception, "what") == "widget \"7\" jammed");
  CHECK(exception["pid"].GetInt64() == outcome.pid);
  // Then the SIGABRT report, after the exception's line.
  crash_line(outcome, "SIGABRT");
  CHECK(outcome.err.find("\"msg\":\"uncaught exception\"") < outcome.err.find("\"msg\":\"crash\""));
  // Nothing caught it, so the stack was not unwound: the thrower is a frame.
  CHECK(some_frame_in(backtrace_addresses(outcome.err), reinterpret_cast<const void*>(&throw_runtime_error), 256));
  // Our line replaces libstdc++'s "terminate called after throwing..." text.
  CHECK(outcome.err.find("terminate called") == std::string::npos);
}

TEST_CASE("std::terminate without an exception is reported, then aborts", "[crash_report]") {
  const ChildOutcome outcome = run_child([] {
    tagwire::install_crash_report("crash-test");
    std::terminate();
  });
  expect_killed_by(outcome, SIGABRT);
  const std::vector<std::string> lines = lines_with_msg(outcome.err, "terminate without an active exception");
  INFO("stderr:\n" << outcome.err);
  REQUIRE(lines.size() == 1);
  CHECK_FALSE(parse_json_line(lines.front()).HasMember("what"));
  crash_line(outcome, "SIGABRT");
}

TEST_CASE("a stack overflow on the main thread is reported from the alternate stack", "[crash_report]") {
  const ChildOutcome outcome = run_child([] {
    rlimit stack{};
    ::getrlimit(RLIMIT_STACK, &stack);
    stack.rlim_cur = 8u << 20;  // bounded even where the stack is unlimited
    ::setrlimit(RLIMIT_STACK, &stack);
    // fork() keeps the alternate stack Catch2 sets around each test: drop it,
    // so only install_crash_report's own can save the report.
    stack_t none{};
    none.ss_flags = SS_DISABLE;
    ::sigaltstack(&none, nullptr);
    tagwire::install_crash_report("crash-test");
    recurse(0);
  });
  expect_killed_by(outcome, SIGSEGV);
  const rapidjson::Document doc = crash_line(outcome, "SIGSEGV");
  CHECK(doc.HasMember("address"));
  INFO("stderr:\n" << outcome.err);
  CHECK(backtrace_addresses(outcome.err).size() >= 32);  // deep in the recursion
  CHECK(some_frame_in(backtrace_addresses(outcome.err), reinterpret_cast<const void*>(&recurse), 256));
}

TEST_CASE("a thread with its own alternate stack reports its overflow under its name", "[crash_report]") {
  const ChildOutcome outcome = run_child([] {
    tagwire::install_crash_report("crash-test");
    std::thread([] {
      ::pthread_setname_np(::pthread_self(), "tw-deep");
      if (!tagwire::install_crash_altstack_for_this_thread()) ::_exit(98);
      if (!tagwire::install_crash_altstack_for_this_thread()) ::_exit(97);  // idempotent
      recurse(0);
    }).join();
  });
  expect_killed_by(outcome, SIGSEGV);
  const rapidjson::Document doc = crash_line(outcome, "SIGSEGV");
  CHECK(string_member(doc, "thread") == "tw-deep");
  CHECK(doc["tid"].GetInt64() != outcome.pid);
}

TEST_CASE("a service thread reports its stack overflow under its name", "[crash_report]") {
  const ChildOutcome outcome = run_child([] {
    tagwire::install_crash_report("crash-test");
    std::thread([] {
      tagwire::begin_service_thread("tw-compute");
      recurse(0);
    }).join();
  });
  expect_killed_by(outcome, SIGSEGV);
  const rapidjson::Document doc = crash_line(outcome, "SIGSEGV");
  CHECK(string_member(doc, "thread") == "tw-compute");
}

TEST_CASE("names are escaped so the crash line stays valid JSON", "[crash_report]") {
  const ChildOutcome outcome = run_child([] {
    tagwire::install_crash_report("crash\"test\xff\\");
    tagwire::install_crash_report("ignored: the first call wins");
    ::prctl(PR_SET_NAME, "tw\tq\"\xc3\xa9", 0, 0, 0);
    std::abort();
  });
  expect_killed_by(outcome, SIGABRT);
  INFO("stderr:\n" << outcome.err);
  const std::vector<std::string> lines = lines_with_msg(outcome.err, "crash");
  REQUIRE(lines.size() == 1);
  const rapidjson::Document doc = parse_json_line(lines.front());
  CHECK(string_member(doc, "logger") == "crash\"test\xef\xbf\xbd\\");  // invalid byte → U+FFFD
  CHECK(string_member(doc, "thread") == "tw\tq\"\xc3\xa9");            // valid UTF-8 kept
}

TEST_CASE("threads crashing together give one report", "[crash_report]") {
  const ChildOutcome outcome = run_child([] {
    tagwire::install_crash_report("crash-test");
    pthread_barrier_t barrier;
    ::pthread_barrier_init(&barrier, nullptr, 4);
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
      threads.emplace_back([&barrier] {
        ::pthread_barrier_wait(&barrier);
        write_through_null();
      });
    }
    for (std::thread& thread : threads) thread.join();
  });
  expect_killed_by(outcome, SIGSEGV);
  crash_line(outcome, "SIGSEGV");  // exactly one crash line
}

TEST_CASE("install keeps the process dumpable", "[crash_report]") {
  const ChildOutcome outcome = run_child([] {
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    tagwire::install_crash_report("crash-test");
    ::_exit(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1 ? 0 : 1);
  });
  REQUIRE(WIFEXITED(outcome.status));
  CHECK(WEXITSTATUS(outcome.status) == 0);
}
