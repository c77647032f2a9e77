// Process: one program of the stack started by an end-to-end test, its output
// kept in files, and always reaped.
//
// The child gets the test's environment plus `extra_env`, stdin from
// /dev/null, stdout and stderr in <log_dir>/<name>.stdout|.stderr, and
// PR_SET_PDEATHSIG=SIGKILL so that even a crashed test binary leaves nothing
// running. The destructor stops a process still running (terminate()), so a
// failed REQUIRE in the middle of a test still cleans up.
//
// Failure: a binary that cannot be executed exits with status 127 and says why
// on its stderr file; starting never throws for that. fork() failing throws
// std::runtime_error (the machine, not the code under test, is broken).
// Thread safety: one thread per Process object.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tagwire::e2e {

struct ProcessSpec {
  std::string name;                    // log file stem, e.g. "api" or "worker-2"
  std::filesystem::path binary;
  std::vector<std::string> args;       // without argv[0]
  std::vector<std::string> extra_env;  // "NAME=value", added to the test's environment
};

class Process {
 public:
  Process(ProcessSpec spec, const std::filesystem::path& log_dir);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  const std::string& name() const { return spec_.name; }

  // False once the child has exited (it is reaped here).
  bool running();

  // The first stdout line starting with `prefix`, waiting for it up to
  // `timeout`; nullopt when the process exits or the time runs out first.
  std::optional<std::string> wait_for_line(std::string_view prefix, std::chrono::milliseconds timeout);

  // SIGTERM, then SIGKILL when the process has not exited within `grace`.
  // Returns the wait status (see waitpid), or nullopt when it had to be killed.
  std::optional<int> terminate(std::chrono::milliseconds grace = std::chrono::seconds(15));

  // SIGKILL now and reap.
  void kill9();

  std::string stdout_text() const;
  std::string stderr_text() const;
  // The last lines of stdout and stderr, for failure messages.
  std::string output_tail(std::size_t lines = 15) const;

 private:
  bool reap(bool block);

  ProcessSpec spec_;
  std::filesystem::path stdout_path_;
  std::filesystem::path stderr_path_;
  pid_t pid_ = -1;
  bool reaped_ = false;
  int wait_status_ = 0;
};

// "listening http=127.0.0.1:8003 bus=tcp://..." -> {http: "127.0.0.1:8003", bus: ...}
std::map<std::string, std::string> line_fields(std::string_view line);

// The port after the last ':' of "host:port" or "tcp://host:port"; 0 if none.
int port_of(std::string_view address);

// A folder under the system temp dir for one test's logs and data, removed
// when the test ends unless TAGWIRE_E2E_KEEP is set (then its path is printed).
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace tagwire::e2e
