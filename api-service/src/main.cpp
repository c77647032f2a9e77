// tagwire-api: parses flags, starts ApiService, prints where it listens, and
// drains on SIGTERM or SIGINT.
#include <signal.h>

#include <cstdio>
#include <iostream>
#include <vector>

#include "tagwire/api/api_service.h"
#include "tagwire/api/config_flags.h"
#include "tagwire/common/flags.h"
#include "tagwire/common/log.h"
#include "tagwire/common/stop_signals.h"

int main(int argc, char** argv) {
  tagwire::api::ApiConfig config;
  tagwire::FlagSet flags("tagwire-api",
                         "The tagwire API: GraphQL and REST over HTTP, the embedded broker compute workers "
                         "connect to, and the tag index.");
  tagwire::api::register_api_flags(flags, config);
  std::vector<std::string> positional;
  if (auto exit_code = flags.parse_for_main(argc, argv, tagwire::process_env, positional, std::cout, std::cerr)) {
    return *exit_code;
  }
  if (!positional.empty()) {
    std::cerr << "tagwire-api: unexpected argument '" << positional.front() << "' (see --help)\n";
    return tagwire::kExitBadFlags;
  }
  tagwire::LogOptions log_options;
  log_options.level = config.log_level;
  log_options.logger = "api";
  if (auto logging = tagwire::init_logging(log_options); !logging) {
    std::cerr << "tagwire-api: " << logging.error().message << "\n";
    return tagwire::kExitBadFlags;
  }

  const sigset_t stop_signals = tagwire::block_stop_signals();
  auto service = tagwire::api::ApiService::start(config);
  if (!service) {
    tagwire::log_critical("api failed to start", {{"error", service.error().message}});
    std::cerr << "tagwire-api: " << service.error().message << "\n";
    return tagwire::kExitFailure;
  }
  // One plain line for scripts and tests that start the API on free ports.
  std::printf("listening http=%s:%d bus=%s\n", config.http_host.c_str(), service.value()->http_port(),
              service.value()->bus_endpoint().c_str());
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  tagwire::log_info("stop signal", {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"}});
  service.value()->shutdown();
  return 0;
}
