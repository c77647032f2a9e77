// The API's flags: what a command line makes of ApiConfig.
#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tagwire/api/config.h"
#include "tagwire/api/config_flags.h"

using namespace tagwire;
using namespace tagwire::api;
using namespace std::chrono_literals;

namespace {

Result<ApiConfig> parse(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  ApiConfig config;
  FlagSet flags("tagwire-api", "test");
  register_api_flags(flags, config);
  args.insert(args.begin(), "tagwire-api");
  auto parsed = flags.parse(args, [env = std::move(env)](const std::string& name) -> std::optional<std::string> {
    const auto found = env.find(name);
    if (found == env.end()) return std::nullopt;
    return found->second;
  });
  if (!parsed) return parsed.error();
  return config;
}

}  // namespace

TEST_CASE("the API heartbeat flag takes milliseconds or a duration, as the worker flag does", "[flags]") {
  // Before: an integer flag here and a duration on the worker, so "2s" worked
  // on one side of the bus and was refused on the other.
  CHECK(parse({})->heartbeat == 1s);
  CHECK(parse({"--heartbeat-ms", "250"})->heartbeat == 250ms);
  CHECK(parse({"--heartbeat-ms", "2s"})->heartbeat == 2s);
  CHECK_FALSE(parse({"--heartbeat-ms", "5ms"}).ok());  // under the 10 ms floor
}

TEST_CASE("the bus key flags are off by default and read TAGWIRE_ variables too", "[flags][auth]") {
  const auto defaults = parse({});
  REQUIRE(defaults.ok());
  CHECK(defaults->bus_secret_key_file.empty());
  CHECK(defaults->bus_allowed_keys_file.empty());

  const auto flags = parse({"--bus-secret-key-file", "/keys/api.secret", "--bus-allowed-keys-file=/keys/workers"});
  REQUIRE(flags.ok());
  CHECK(flags->bus_secret_key_file == "/keys/api.secret");
  CHECK(flags->bus_allowed_keys_file == "/keys/workers");

  const auto env = parse({"--bus-allowed-keys-file", "/flag/workers"},
                         {{"TAGWIRE_BUS_SECRET_KEY_FILE", "/env/api.secret"},
                          {"TAGWIRE_BUS_ALLOWED_KEYS_FILE", "/env/workers"}});
  REQUIRE(env.ok());
  CHECK(env->bus_secret_key_file == "/env/api.secret");
  CHECK(env->bus_allowed_keys_file == "/flag/workers");  // the flag wins
}
