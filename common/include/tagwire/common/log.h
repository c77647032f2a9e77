// Structured logging: one JSON object per line, written through spdlog.
//
// A line looks like
//   {"ts":"2024-05-01T12:00:00.123Z","level":"info","logger":"api","msg":"job done","job_id":"j-7","ms":12}
// `ts` is UTC with milliseconds; `level` is trace|debug|info|warn|error|critical;
// `logger` names the component; `msg` and the keyed fields follow in call order.
//
// Usage:
//   init_logging({.level = "info", .logger = "api"});       // once, in main
//   log_info("job done", {{"job_id", id}, {"ms", 12}});      // the process's logger name
//   Logger bus_log("bus");  bus_log.warn("worker expired", {{"worker", w}});
//
// Contract:
// - Escaping. Messages and field values may hold anything (quotes, newlines,
//   control characters, invalid UTF-8): they are written as JSON strings by
//   json.h, so every line parses. Field values are JSON numbers for integers and
//   finite doubles (non-finite doubles become null), true/false for bools, and
//   strings otherwise. A field named ts, level, logger or msg is written as
//   "_ts", ... so the reserved keys stay unique.
// - Text logged straight through spdlog (by a library) still comes out as a JSON
//   line, the whole text as `msg`.
// - Output. stdout by default; with `file_path` set, a size-rotating file instead
//   ("compute.log", then "compute.1.log" ... "compute.N.log" for N = `file_count`,
//   each at most `file_max_bytes`); missing parent directories are created.
//   `stream` (for tests) replaces both.
// - Failure. init_logging returns kBadRequest for an unknown level and kNotFound
//   when the log file cannot be opened; the previous logger then stays in place.
// - Thread safety. Logging and set_log_level may be called from any thread at any
//   time (spdlog's thread-safe sinks; the level is atomic). init_logging must be
//   called while no other thread logs: from main before starting threads (tests
//   call it again between cases). Before init_logging, lines go to stdout at info.
#pragma once

#include <concepts>
#include <cstddef>
#include <exception>
#include <initializer_list>
#include <iosfwd>
#include <string>
#include <string_view>

#include "tagwire/common/result.h"

namespace tagwire {

struct LogOptions {
  std::string level = "info";          // trace|debug|info|warn|error|critical|off
  std::string logger = "tagwire";      // the `logger` of log_info() and friends
  std::string file_path;               // empty: stdout
  std::size_t file_max_bytes = 10u * 1024u * 1024u;  // rotate when a file would pass this
  std::size_t file_count = 5;          // rotated files kept besides the current one
  std::ostream* stream = nullptr;      // when set, lines go here only (tests)
};

// One keyed field of a log line, rendered to its JSON text at construction.
class LogField {
 public:
  LogField(std::string_view key, std::string_view value);
  LogField(std::string_view key, const char* value);
  LogField(std::string_view key, const std::string& value);
  LogField(std::string_view key, bool value);
  LogField(std::string_view key, double value);
  template <std::integral T>
    requires(!std::same_as<T, bool> && !std::same_as<T, char>)
  LogField(std::string_view key, T value) : LogField(key, std::to_string(value), Raw{}) {}

  // `"key":value`, ready to append inside a JSON object.
  const std::string& json() const { return json_; }

 private:
  struct Raw {};
  LogField(std::string_view key, const std::string& json_value, Raw);
  std::string json_;
};

using LogFields = std::initializer_list<LogField>;

// Configures the process-wide logger; see the contract above.
Status init_logging(const LogOptions& options);

// Changes the minimum level at run time; false (and no change) for an unknown name.
bool set_log_level(std::string_view level);

// set_log_level for an operator's request, with a warn line
// {"msg":"log level changed","from":...,"to":...,"cause":...} written while
// warn lines still show (before raising the level above warn, after lowering
// it), so every change that passes through warn leaves a trace. False (no
// change, no line) for an unknown name.
bool change_log_level(std::string_view level, std::string_view cause);

// The current minimum level's name ("info", ...).
std::string log_level();

// Writes out every line logged so far: for a process about to end with _Exit.
void flush_logs();

// What a caught exception says, for a log line: its what(), or "unknown
// exception" for one not derived from std::exception, or "no exception".
std::string describe_exception(const std::exception_ptr& ep);

// Lines from one component; cheap to copy, usable from any thread.
class Logger {
 public:
  explicit Logger(std::string name) : name_(std::move(name)) {}

  void trace(std::string_view msg, LogFields fields = {}) const;
  void debug(std::string_view msg, LogFields fields = {}) const;
  void info(std::string_view msg, LogFields fields = {}) const;
  void warn(std::string_view msg, LogFields fields = {}) const;
  void error(std::string_view msg, LogFields fields = {}) const;
  void critical(std::string_view msg, LogFields fields = {}) const;

  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

// Lines under LogOptions::logger.
void log_trace(std::string_view msg, LogFields fields = {});
void log_debug(std::string_view msg, LogFields fields = {});
void log_info(std::string_view msg, LogFields fields = {});
void log_warn(std::string_view msg, LogFields fields = {});
void log_error(std::string_view msg, LogFields fields = {});
void log_critical(std::string_view msg, LogFields fields = {});

}  // namespace tagwire
