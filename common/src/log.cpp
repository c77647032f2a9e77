// The process-wide JSON-lines logger: a spdlog logger whose formatter writes one
// JSON object per record.
#include "tagwire/common/log.h"

#include <spdlog/formatter.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <array>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <utility>

#include "tagwire/common/json.h"
#include "tagwire/common/utc_time.h"

namespace tagwire {
namespace {

// Our own payloads start with this; anything else came through spdlog directly
// and is escaped whole as the message.
constexpr std::string_view kStructuredPrefix = "\"logger\":";

constexpr std::array<std::pair<std::string_view, spdlog::level::level_enum>, 7> kLevels{{
    {"trace", spdlog::level::trace},
    {"debug", spdlog::level::debug},
    {"info", spdlog::level::info},
    {"warn", spdlog::level::warn},
    {"error", spdlog::level::err},
    {"critical", spdlog::level::critical},
    {"off", spdlog::level::off},
}};

std::optional<spdlog::level::level_enum> level_from_name(std::string_view name) {
  for (const auto& [level_name, level] : kLevels) {
    if (level_name == name) return level;
  }
  return std::nullopt;
}

std::string_view level_name(spdlog::level::level_enum level) {
  for (const auto& [name, value] : kLevels) {
    if (value == level) return name;
  }
  return "info";
}

class JsonLineFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    std::string line = "{\"ts\":\"";
    line += format_utc_ms(
        std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count());
    line += "\",\"level\":\"";
    line += level_name(msg.level);
    line += "\",";
    const std::string_view payload(msg.payload.data(), msg.payload.size());
    if (payload.starts_with(kStructuredPrefix)) {
      line += payload;
    } else {
      line += kStructuredPrefix;
      append_json_string(line, std::string_view(msg.logger_name.data(), msg.logger_name.size()));
      line += ",\"msg\":";
      append_json_string(line, payload);
    }
    line += "}\n";
    dest.append(line.data(), line.data() + line.size());
  }

  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonLineFormatter>(); }
};

struct LogState {
  std::shared_ptr<spdlog::logger> logger;
  std::string default_name;
};

std::shared_ptr<spdlog::logger> make_logger(const std::string& name, spdlog::sink_ptr sink,
                                            spdlog::level::level_enum level) {
  sink->set_formatter(std::make_unique<JsonLineFormatter>());
  auto logger = std::make_shared<spdlog::logger>(name, std::move(sink));
  logger->set_level(level);
  // A line is flushed when written, so a crash or a container's log reader
  // never misses the last lines.
  logger->flush_on(spdlog::level::trace);
  return logger;
}

LogState& state() {
  static LogState current{make_logger("tagwire", std::make_shared<spdlog::sinks::stdout_sink_mt>(), spdlog::level::info),
                          "tagwire"};
  return current;
}

bool is_reserved_key(std::string_view key) {
  return key == "ts" || key == "level" || key == "logger" || key == "msg";
}

void emit(std::string_view logger_name, spdlog::level::level_enum level, std::string_view msg, LogFields fields) {
  spdlog::logger& logger = *state().logger;
  if (!logger.should_log(level)) return;
  std::string payload(kStructuredPrefix);
  append_json_string(payload, logger_name);
  payload += ",\"msg\":";
  append_json_string(payload, msg);
  for (const LogField& field : fields) {
    payload += ',';
    payload += field.json();
  }
  logger.log(spdlog::source_loc{}, level, spdlog::string_view_t(payload.data(), payload.size()));
}

}  // namespace

LogField::LogField(std::string_view key, const std::string& json_value, Raw) {
  append_json_string(json_, is_reserved_key(key) ? "_" + std::string(key) : std::string(key));
  json_ += ':';
  json_ += json_value;
}

LogField::LogField(std::string_view key, std::string_view value) : LogField(key, json_quote(value), Raw{}) {}
LogField::LogField(std::string_view key, const char* value) : LogField(key, std::string_view(value)) {}
LogField::LogField(std::string_view key, const std::string& value) : LogField(key, std::string_view(value)) {}
LogField::LogField(std::string_view key, bool value) : LogField(key, value ? "true" : "false", Raw{}) {}
LogField::LogField(std::string_view key, double value)
    : LogField(key, std::isfinite(value) ? fmt::format("{}", value) : std::string("null"), Raw{}) {}

Status init_logging(const LogOptions& options) {
  const auto level = level_from_name(options.level);
  if (!level) {
    return Error::make(ErrorKind::kBadRequest,
                       "unknown log level '" + options.level + "' (trace, debug, info, warn, error, critical, off)");
  }
  spdlog::sink_ptr sink;
  if (options.stream != nullptr) {
    sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(*options.stream);
  } else if (!options.file_path.empty()) {
    try {
      sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(options.file_path, options.file_max_bytes,
                                                                    options.file_count);
    } catch (const spdlog::spdlog_ex& failure) {
      return Error::make(ErrorKind::kNotFound,
                         "cannot open log file '" + options.file_path + "': " + failure.what());
    }
  } else {
    sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
  }
  LogState& current = state();
  current.logger = make_logger(options.logger, std::move(sink), *level);
  current.default_name = options.logger;
  // Libraries that log through spdlog's default logger get the same JSON lines.
  spdlog::set_default_logger(current.logger);
  return Ok{};
}

bool set_log_level(std::string_view level) {
  const auto parsed = level_from_name(level);
  if (!parsed) return false;
  state().logger->set_level(*parsed);
  return true;
}

std::string log_level() { return std::string(level_name(state().logger->level())); }

bool change_log_level(std::string_view level, std::string_view cause) {
  const auto parsed = level_from_name(level);
  if (!parsed) return false;
  const std::string from = log_level();
  const std::string to(level_name(*parsed));
  const auto announce = [&] {
    emit(state().default_name, spdlog::level::warn, "log level changed", {{"from", from}, {"to", to}, {"cause", cause}});
  };
  // Written at the level that shows warn lines: before a change that hides
  // them, after one that shows them.
  if (*parsed > spdlog::level::warn) {
    announce();
    state().logger->set_level(*parsed);
  } else {
    state().logger->set_level(*parsed);
    announce();
  }
  return true;
}

void flush_logs() { state().logger->flush(); }

void Logger::trace(std::string_view msg, LogFields fields) const { emit(name_, spdlog::level::trace, msg, fields); }
void Logger::debug(std::string_view msg, LogFields fields) const { emit(name_, spdlog::level::debug, msg, fields); }
void Logger::info(std::string_view msg, LogFields fields) const { emit(name_, spdlog::level::info, msg, fields); }
void Logger::warn(std::string_view msg, LogFields fields) const { emit(name_, spdlog::level::warn, msg, fields); }
void Logger::error(std::string_view msg, LogFields fields) const { emit(name_, spdlog::level::err, msg, fields); }
void Logger::critical(std::string_view msg, LogFields fields) const {
  emit(name_, spdlog::level::critical, msg, fields);
}

void log_trace(std::string_view msg, LogFields fields) { emit(state().default_name, spdlog::level::trace, msg, fields); }
void log_debug(std::string_view msg, LogFields fields) { emit(state().default_name, spdlog::level::debug, msg, fields); }
void log_info(std::string_view msg, LogFields fields) { emit(state().default_name, spdlog::level::info, msg, fields); }
void log_warn(std::string_view msg, LogFields fields) { emit(state().default_name, spdlog::level::warn, msg, fields); }
void log_error(std::string_view msg, LogFields fields) { emit(state().default_name, spdlog::level::err, msg, fields); }
void log_critical(std::string_view msg, LogFields fields) {
  emit(state().default_name, spdlog::level::critical, msg, fields);
}

std::string describe_exception(const std::exception_ptr& ep) {
  try {
    if (ep) std::rethrow_exception(ep);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
  return "no exception";
}

}  // namespace tagwire
