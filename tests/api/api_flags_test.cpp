// The API's flags: what a command line makes of ApiConfig.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "tagwire/api/config.h"
#include "tagwire/api/config_flags.h"

using namespace tagwire;
using namespace tagwire::api;
using namespace std::chrono_literals;

namespace {

Result<ApiConfig> parse(std::vector<std::string> args) {
  ApiConfig config;
  FlagSet flags("tagwire-api", "test");
  register_api_flags(flags, config);
  args.insert(args.begin(), "tagwire-api");
  auto parsed = flags.parse(args, [](const std::string&) -> std::optional<std::string> { return std::nullopt; });
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
