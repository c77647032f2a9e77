// FlagSet: sources and precedence, syntax, typed values, errors and usage.
#include "tagwire/common/flags.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <sstream>

using namespace std::chrono_literals;
using tagwire::FlagSet;

namespace {

struct Config {
  std::string bus_bind = "tcp://127.0.0.1:5555";
  int http_port = 8003;
  std::uint16_t small = 7;
  std::size_t cache_bytes = 1024;
  double ratio = 0.5;
  bool explain = false;
  bool verbose = true;
  std::chrono::milliseconds timeout = 5s;
};

tagwire::EnvLookup env_of(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    const auto found = values.find(name);
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

const tagwire::EnvLookup kNoEnv = env_of({});

FlagSet flags_for(Config& config) {
  FlagSet flags("tagwire-test", "Exercises the flag parser.", "FILE...");
  flags.add_string("bus-bind", &config.bus_bind, "Endpoint the bus binds.");
  flags.add_int("http-port", &config.http_port, "HTTP port.", 1, 65535);
  flags.add_int("small", &config.small, "A 16-bit field.");
  flags.add_int("cache-bytes", &config.cache_bytes, "Cache bound in bytes.");
  flags.add_double("ratio", &config.ratio, "A fraction.", 0.0, 1.0);
  flags.add_bool("explain", &config.explain, "Explain the scores.");
  flags.add_bool("verbose", &config.verbose, "Say more.");
  flags.add_duration("timeout", &config.timeout, "Request budget.", 1ms, 60s);
  return flags;
}

tagwire::Result<tagwire::ParsedArgs> parse(Config& config, std::vector<std::string> args,
                                           const tagwire::EnvLookup& env = kNoEnv) {
  args.insert(args.begin(), "tagwire-test");
  return flags_for(config).parse(args, env);
}

std::string error_of(std::vector<std::string> args, const tagwire::EnvLookup& env = kNoEnv) {
  Config config;
  auto result = parse(config, std::move(args), env);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == tagwire::ErrorKind::kBadRequest);
  return result.error().message;
}

}  // namespace

TEST_CASE("fields keep their defaults when nothing is given", "[flags]") {
  Config config;
  auto result = parse(config, {});
  REQUIRE(result.ok());
  CHECK_FALSE(result->help_requested);
  CHECK(result->positional.empty());
  CHECK(config.http_port == 8003);
  CHECK(config.bus_bind == "tcp://127.0.0.1:5555");
  CHECK(config.timeout == 5s);
}

TEST_CASE("flags take values with = or as the next argument", "[flags]") {
  Config config;
  auto result = parse(config, {"--http-port=9000", "--bus-bind", "tcp://*:6000", "--ratio", "0.25",
                               "--timeout=250ms", "--cache-bytes", "18446744073709551615"});
  REQUIRE(result.ok());
  CHECK(config.http_port == 9000);
  CHECK(config.bus_bind == "tcp://*:6000");
  CHECK(config.ratio == 0.25);
  CHECK(config.timeout == 250ms);
  CHECK(config.cache_bytes == 18446744073709551615u);
}

TEST_CASE("a value may contain '=' and may start with a single dash", "[flags]") {
  Config config;
  REQUIRE(parse(config, {"--bus-bind=a=b"}).ok());
  CHECK(config.bus_bind == "a=b");
  REQUIRE(parse(config, {"--bus-bind", "-"}).ok());
  CHECK(config.bus_bind == "-");
  REQUIRE(parse(config, {"--bus-bind="}).ok());
  CHECK(config.bus_bind.empty());
}

TEST_CASE("bools take --flag, --no-flag and explicit values", "[flags]") {
  Config config;
  REQUIRE(parse(config, {"--explain", "--no-verbose"}).ok());
  CHECK(config.explain);
  CHECK_FALSE(config.verbose);
  REQUIRE(parse(config, {"--explain=false", "--verbose=YES"}).ok());
  CHECK_FALSE(config.explain);
  CHECK(config.verbose);
  REQUIRE(parse(config, {"--explain=on", "--verbose=0"}).ok());
  CHECK(config.explain);
  CHECK_FALSE(config.verbose);
}

TEST_CASE("a bool flag does not swallow the next argument", "[flags]") {
  Config config;
  auto result = parse(config, {"--explain", "page.html"});
  REQUIRE(result.ok());
  CHECK(config.explain);
  CHECK(result->positional == std::vector<std::string>{"page.html"});
}

TEST_CASE("positional arguments are collected in order", "[flags]") {
  Config config;
  auto result = parse(config, {"a.html", "--http-port", "1", "-", "b.html", "--", "--explain", "-x"});
  REQUIRE(result.ok());
  CHECK(result->positional == std::vector<std::string>{"a.html", "-", "b.html", "--explain", "-x"});
  CHECK_FALSE(config.explain);
}

TEST_CASE("the last of a repeated flag wins", "[flags]") {
  Config config;
  REQUIRE(parse(config, {"--http-port=1", "--http-port=2"}).ok());
  CHECK(config.http_port == 2);
}

TEST_CASE("durations accept ms, s, m and h, and a bare number is milliseconds", "[flags]") {
  Config config;
  REQUIRE(parse(config, {"--timeout=1500"}).ok());
  CHECK(config.timeout == 1500ms);
  REQUIRE(parse(config, {"--timeout=3s"}).ok());
  CHECK(config.timeout == 3s);
  REQUIRE(parse(config, {"--timeout=1m"}).ok());
  CHECK(config.timeout == 60s);
  CHECK(error_of({"--timeout=1h"}) == "--timeout: '1h' is out of range (1ms to 1m)");
  CHECK(error_of({"--timeout=0"}) == "--timeout: '0' is out of range (1ms to 1m)");
  CHECK(error_of({"--timeout=5x"}) ==
        "--timeout: '5x' is not a duration (e.g. 250ms, 5s, 2m, 1h; a bare number is ms)");
  CHECK(error_of({"--timeout=-5s"}) ==
        "--timeout: '-5s' is not a duration (e.g. 250ms, 5s, 2m, 1h; a bare number is ms)");
  CHECK(error_of({"--timeout=99999999999999999999"}) == "--timeout: '99999999999999999999' is out of range (1ms to 1m)");
}

TEST_CASE("the environment fills flags not given on the command line", "[flags]") {
  Config config;
  auto env = env_of({{"TAGWIRE_HTTP_PORT", "9100"}, {"TAGWIRE_BUS_BIND", "tcp://*:5555"},
                     {"TAGWIRE_EXPLAIN", "true"}, {"TAGWIRE_TIMEOUT", "2s"}});
  REQUIRE(parse(config, {"--http-port=9200"}, env).ok());
  CHECK(config.http_port == 9200);  // the flag beats the environment
  CHECK(config.bus_bind == "tcp://*:5555");
  CHECK(config.explain);
  CHECK(config.timeout == 2s);
}

TEST_CASE("an empty environment variable counts as unset", "[flags]") {
  Config config;
  REQUIRE(parse(config, {}, env_of({{"TAGWIRE_HTTP_PORT", ""}, {"TAGWIRE_BUS_BIND", ""}})).ok());
  CHECK(config.http_port == 8003);
  CHECK(config.bus_bind == "tcp://127.0.0.1:5555");
}

TEST_CASE("a bad environment value names the variable", "[flags]") {
  CHECK(error_of({}, env_of({{"TAGWIRE_HTTP_PORT", "abc"}})) == "TAGWIRE_HTTP_PORT: 'abc' is not an integer");
}

TEST_CASE("a bad environment value is ignored when the flag is given", "[flags]") {
  Config config;
  REQUIRE(parse(config, {"--http-port=10"}, env_of({{"TAGWIRE_HTTP_PORT", "abc"}})).ok());
  CHECK(config.http_port == 10);
}

TEST_CASE("environment variable names are derived from flag names", "[flags]") {
  CHECK(tagwire::env_var_name("http-port") == "TAGWIRE_HTTP_PORT");
  CHECK(tagwire::env_var_name("allow-private") == "TAGWIRE_ALLOW_PRIVATE");
  CHECK(tagwire::env_var_name("threads") == "TAGWIRE_THREADS");
}

TEST_CASE("bad flags give a one-line reason", "[flags]") {
  CHECK(error_of({"--prot=1"}) == "unknown flag --prot");
  CHECK(error_of({"-p"}) == "unknown flag -p (flags start with --)");
  CHECK(error_of({"--no-http-port"}) == "unknown flag --no-http-port");
  CHECK(error_of({"--no-explain=true"}) == "--no-explain takes no value");
  CHECK(error_of({"--http-port"}) == "--http-port needs a value");
  CHECK(error_of({"--http-port", "--explain"}) == "--http-port needs a value");
  CHECK(error_of({"--http-port=abc"}) == "--http-port: 'abc' is not an integer");
  CHECK(error_of({"--http-port=12x"}) == "--http-port: '12x' is not an integer");
  CHECK(error_of({"--http-port="}) == "--http-port: '' is not an integer");
  CHECK(error_of({"--http-port=70000"}) == "--http-port: '70000' is out of range (1 to 65535)");
  CHECK(error_of({"--http-port=0"}) == "--http-port: '0' is out of range (1 to 65535)");
  CHECK(error_of({"--small=65536"}) == "--small: '65536' is out of range (0 to 65535)");
  CHECK(error_of({"--cache-bytes=-1"}) == "--cache-bytes: '-1' is out of range (0 to 18446744073709551615)");
  CHECK(error_of({"--ratio=x"}) == "--ratio: 'x' is not a number");
  CHECK(error_of({"--ratio=nan"}) == "--ratio: 'nan' is not a number");
  CHECK(error_of({"--ratio=1.5"}) == "--ratio: '1.5' is out of range (0 to 1)");
  CHECK(error_of({"--explain=maybe"}) == "--explain: 'maybe' is not true or false");
}

TEST_CASE("--help is reported even beside bad flags", "[flags]") {
  Config config;
  auto result = parse(config, {"--bogus", "--help"});
  REQUIRE(result.ok());
  CHECK(result->help_requested);
  auto short_form = parse(config, {"-h"});
  REQUIRE(short_form.ok());
  CHECK(short_form->help_requested);
}

TEST_CASE("usage lists every flag with its environment variable and default", "[flags]") {
  Config config;
  const std::string usage = flags_for(config).usage();
  CHECK(usage.starts_with("Usage: tagwire-test [flags] FILE...\n\nExercises the flag parser.\n\nFlags:\n"));
  CHECK(usage.find("  --http-port=INT\n      HTTP port.\n      env TAGWIRE_HTTP_PORT, default 8003\n") !=
        std::string::npos);
  CHECK(usage.find("  --bus-bind=STRING\n      Endpoint the bus binds.\n"
                   "      env TAGWIRE_BUS_BIND, default \"tcp://127.0.0.1:5555\"\n") != std::string::npos);
  CHECK(usage.find("  --[no-]explain\n      Explain the scores.\n      env TAGWIRE_EXPLAIN, default false\n") !=
        std::string::npos);
  CHECK(usage.find("env TAGWIRE_TIMEOUT, default 5s\n") != std::string::npos);
  CHECK(usage.find("env TAGWIRE_RATIO, default 0.5\n") != std::string::npos);
  CHECK(usage.find("  --help, -h\n") != std::string::npos);
}

TEST_CASE("parse_for_main prints usage and exits 0 on --help", "[flags]") {
  Config config;
  const auto flags = flags_for(config);
  const char* argv[] = {"tagwire-test", "--help"};
  std::ostringstream out, err;
  std::vector<std::string> positional;
  CHECK(flags.parse_for_main(2, argv, kNoEnv, positional, out, err) == 0);
  CHECK(out.str() == flags.usage());
  CHECK(err.str().empty());
}

TEST_CASE("parse_for_main prints one line and exits 2 on a bad flag", "[flags]") {
  Config config;
  const auto flags = flags_for(config);
  const char* argv[] = {"tagwire-test", "--http-port=x"};
  std::ostringstream out, err;
  std::vector<std::string> positional;
  CHECK(flags.parse_for_main(2, argv, kNoEnv, positional, out, err) == 2);
  CHECK(err.str() == "tagwire-test: --http-port: 'x' is not an integer (see --help)\n");
  CHECK(out.str().empty());
}

TEST_CASE("parse_for_main lets the program run with its positional arguments", "[flags]") {
  Config config;
  const auto flags = flags_for(config);
  const char* argv[] = {"tagwire-test", "--explain", "page.html"};
  std::ostringstream out, err;
  std::vector<std::string> positional;
  CHECK_FALSE(flags.parse_for_main(3, argv, kNoEnv, positional, out, err).has_value());
  CHECK(positional == std::vector<std::string>{"page.html"});
  CHECK(config.explain);
}

TEST_CASE("registering a bad or duplicate flag name is a programming error", "[flags]") {
  Config config;
  FlagSet flags("p", "s");
  flags.add_int("port", &config.http_port, "h");
  CHECK_THROWS_AS(flags.add_int("port", &config.http_port, "h"), std::logic_error);
  CHECK_THROWS_AS(flags.add_bool("help", &config.explain, "h"), std::logic_error);
  CHECK_THROWS_AS(flags.add_bool("Bad_Name", &config.explain, "h"), std::logic_error);
  CHECK_THROWS_AS(flags.add_bool("", &config.explain, "h"), std::logic_error);
}
