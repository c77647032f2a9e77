// tagwire-api: parses flags, starts ApiService, prints where it listens, and
// drains on SIGTERM or SIGINT (SIGUSR1 / SIGUSR2: debug logs on / off).
#include <signal.h>

#include <cstdio>
#include <iostream>
#include <vector>

#include "tagwire/api/api_service.h"
#include "tagwire/api/config_flags.h"
#include "tagwire/common/crash_report.h"
#include "tagwire/common/flags.h"
#include "tagwire/common/log.h"
#include "tagwire/common/control_signals.h"

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
  tagwire::install_crash_report("tagwire-api");
  if (!positional.empty()) {
    std::cerr << "tagwire-api: unexpected argument '" << positional.front() << "' (see --help)\n";
    return tagwire::kExitBadFlags;
  }
  config.log.logger = "api";
  if (auto logging = tagwire::init_logging(config.log); !logging) {
    std::cerr << "tagwire-api: " << logging.error().message << "\n";
    return tagwire::kExitBadFlags;
  }

  const sigset_t control_signals = tagwire::block_control_signals();
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

  tagwire::api::ApiService& api = *service.value();
  const int signal_number = tagwire::wait_for_stop_signal(control_signals, config.log.level, [&api, &config] {
    // The one thing the API reloads: the broker logs the new list's size.
    if (config.bus_allowed_keys_file.empty()) {
      tagwire::log_info("SIGHUP: nothing to reload (the bus runs without an allow-list)");
    } else if (auto reloaded = api.reload_bus_allow_list(); !reloaded) {
      tagwire::log_error("SIGHUP: bus allow-list not reloaded; the old one stays",
                         {{"error", reloaded.error().message}});
    }
  });
  tagwire::log_info("stop signal", {{"signal", tagwire::signal_name(signal_number)}});
  service.value()->shutdown();
  return 0;
}
