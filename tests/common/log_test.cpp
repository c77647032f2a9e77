// Logging: every line is one JSON object with the expected keys and fields.
#include "tagwire/common/log.h"

#include <catch2/catch.hpp>
#include <rapidjson/document.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "files.h"
#include "json_line.h"
#include "temp_dir.h"

using tagwire::testing::parse_json_line;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Points the process logger at a string stream for one test, and back to
// stdout afterwards so later tests do not write into a dead stream.
class CapturedLog {
 public:
  explicit CapturedLog(std::string level = "info") {
    tagwire::LogOptions options;
    options.level = std::move(level);
    options.logger = "api";
    options.stream = &stream_;
    REQUIRE(tagwire::init_logging(options).ok());
  }
  ~CapturedLog() { (void)tagwire::init_logging(tagwire::LogOptions{}); }
  std::vector<std::string> lines() const { return lines_of(stream_.str()); }

 private:
  std::ostringstream stream_;
};

}  // namespace

TEST_CASE("a log line is one JSON object with ts, level, logger, msg and fields", "[log]") {
  CapturedLog log;
  tagwire::log_info("job done", {{"job_id", std::string("j-7")}, {"ms", 12}, {"ratio", 0.25}, {"hit", true}});
  const auto lines = log.lines();
  REQUIRE(lines.size() == 1);
  const auto doc = parse_json_line(lines[0]);
  CHECK(std::string(doc["level"].GetString()) == "info");
  CHECK(std::string(doc["logger"].GetString()) == "api");
  CHECK(std::string(doc["msg"].GetString()) == "job done");
  CHECK(std::string(doc["job_id"].GetString()) == "j-7");
  CHECK(doc["ms"].GetInt() == 12);
  CHECK(doc["ratio"].GetDouble() == 0.25);
  CHECK(doc["hit"].GetBool());
  const std::string ts = doc["ts"].GetString();
  CHECK(ts.size() == 24);  // 2024-05-01T12:00:00.123Z
  CHECK(ts[10] == 'T');
  CHECK(ts[19] == '.');
  CHECK(ts.back() == 'Z');
  CHECK(lines[0].starts_with("{\"ts\":\""));
}

TEST_CASE("messages and values with quotes, newlines and control characters stay valid JSON", "[log]") {
  CapturedLog log;
  const std::string nasty = "say \"hi\"\nthen\ttab \\ back\x01\x1f end";
  const std::string invalid_utf8 = "bad \xC3\x28 byte";
  tagwire::log_warn(nasty, {{"value", nasty}, {"raw", invalid_utf8}, {"url", "http://x/?a=\"b\""}});
  const auto lines = log.lines();
  REQUIRE(lines.size() == 1);  // the newline inside the message did not split the line
  const auto doc = parse_json_line(lines[0]);
  CHECK(std::string(doc["level"].GetString()) == "warn");
  CHECK(std::string(doc["msg"].GetString()) == nasty);
  CHECK(std::string(doc["value"].GetString()) == nasty);
  CHECK(std::string(doc["raw"].GetString()) == "bad \xEF\xBF\xBD( byte");
  CHECK(std::string(doc["url"].GetString()) == "http://x/?a=\"b\"");
}

TEST_CASE("reserved keys in fields are renamed, non-finite numbers become null", "[log]") {
  CapturedLog log;
  tagwire::log_info("m", {{"msg", "shadow"}, {"level", 1}, {"inf", 1.0 / 0.0}});
  const auto doc = parse_json_line(log.lines().at(0));
  CHECK(std::string(doc["msg"].GetString()) == "m");
  CHECK(std::string(doc["_msg"].GetString()) == "shadow");
  CHECK(doc["_level"].GetInt() == 1);
  CHECK(doc["inf"].IsNull());
}

TEST_CASE("a named logger writes its own name", "[log]") {
  CapturedLog log;
  tagwire::Logger("bus").error("worker expired", {{"worker", "w-1"}, {"missed", std::uint64_t{3}}});
  const auto doc = parse_json_line(log.lines().at(0));
  CHECK(std::string(doc["logger"].GetString()) == "bus");
  CHECK(std::string(doc["level"].GetString()) == "error");
  CHECK(doc["missed"].GetUint64() == 3);
}

TEST_CASE("lines below the level are dropped and the level changes at run time", "[log]") {
  CapturedLog log("warn");
  tagwire::log_info("hidden");
  tagwire::log_warn("shown");
  CHECK(tagwire::log_level() == "warn");
  CHECK(tagwire::set_log_level("debug"));
  tagwire::log_debug("now shown");
  CHECK_FALSE(tagwire::set_log_level("loud"));
  CHECK(tagwire::log_level() == "debug");
  tagwire::log_trace("still hidden");
  const auto lines = log.lines();
  REQUIRE(lines.size() == 2);
  CHECK(std::string(parse_json_line(lines[0])["msg"].GetString()) == "shown");
  CHECK(std::string(parse_json_line(lines[1])["level"].GetString()) == "debug");
}

TEST_CASE("text logged straight through spdlog is still a JSON line", "[log]") {
  CapturedLog log;
  spdlog::info("library says \"{}\"", "hello");
  const auto doc = parse_json_line(log.lines().at(0));
  CHECK(std::string(doc["msg"].GetString()) == "library says \"hello\"");
  CHECK(std::string(doc["logger"].GetString()) == "api");
}

TEST_CASE("init_logging refuses an unknown level", "[log]") {
  tagwire::LogOptions options;
  options.level = "verbose";
  const auto status = tagwire::init_logging(options);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().kind == tagwire::ErrorKind::kBadRequest);
  CHECK(status.error().message == "unknown log level 'verbose' (trace, debug, info, warn, error, critical, off)");
}

TEST_CASE("init_logging reports a log file it cannot open", "[log]") {
  // The parent "directory" is a regular file, so neither the folder nor the log
  // file can be created, whoever runs the test.
  const tagwire::testing::TempDir dir;
  const auto blocker = dir.path() / "blocker";
  std::ofstream(blocker) << "not a directory";
  tagwire::LogOptions options;
  options.file_path = (blocker / "tagwire.log").string();
  const auto status = tagwire::init_logging(options);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().kind == tagwire::ErrorKind::kNotFound);
  CHECK(status.error().message.starts_with("cannot open log file '" + options.file_path + "'"));
}

TEST_CASE("the rotating file keeps JSON lines and rotates by size", "[log]") {
  const tagwire::testing::TempDir temp;
  const auto& dir = temp.path();
  const auto path = dir / "compute.log";
  tagwire::LogOptions options;
  options.logger = "compute";
  options.file_path = path.string();
  options.file_max_bytes = 1000;
  options.file_count = 2;
  REQUIRE(tagwire::init_logging(options).ok());
  for (int i = 0; i < 50; ++i) tagwire::log_info("line", {{"i", i}});
  REQUIRE(tagwire::init_logging(tagwire::LogOptions{}).ok());  // closes the file

  CHECK(std::filesystem::exists(dir / "compute.1.log"));
  CHECK(std::filesystem::exists(dir / "compute.2.log"));
  CHECK_FALSE(std::filesystem::exists(dir / "compute.3.log"));
  const auto lines = lines_of(tagwire::testing::read_file(path));
  REQUIRE_FALSE(lines.empty());
  CHECK(std::filesystem::file_size(path) <= 1000);
  for (const auto& line : lines) CHECK(std::string(parse_json_line(line)["logger"].GetString()) == "compute");
  CHECK(parse_json_line(lines.back())["i"].GetInt() == 49);
}

TEST_CASE("threads logging at once produce whole lines", "[log]") {
  CapturedLog log;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < 200; ++i) tagwire::log_info("tick", {{"thread", t}, {"i", i}});
      if (t == 0) tagwire::set_log_level("info");
    });
  }
  for (auto& thread : threads) thread.join();
  const auto lines = log.lines();
  CHECK(lines.size() == 800);
  for (const auto& line : lines) CHECK(std::string(parse_json_line(line)["msg"].GetString()) == "tick");
}

TEST_CASE("describe_exception names what was thrown, whatever it was", "[log]") {
  CHECK(tagwire::describe_exception(std::make_exception_ptr(std::runtime_error("disk full"))) == "disk full");
  CHECK(tagwire::describe_exception(std::make_exception_ptr(42)) == "unknown exception");
  CHECK(tagwire::describe_exception(nullptr) == "no exception");
}
