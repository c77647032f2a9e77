// tagwire-compute: one compute worker process — flags, logging, the
// WorkerService, and a graceful drain on SIGTERM or SIGINT (SIGUSR1 / SIGUSR2:
// debug logs on / off).
#include <signal.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "tagwire/common/crash_report.h"
#include "tagwire/common/flags.h"
#include "tagwire/common/log.h"
#include "tagwire/common/control_signals.h"
#include "tagwire/compute/worker_config.h"
#include "tagwire/compute/worker_service.h"

int main(int argc, char** argv) {
  using namespace tagwire;
  compute::WorkerConfig config;
  FlagSet flags("tagwire-compute",
                "A compute worker: connects to the API's bus, fetches the pages it is asked about, "
                "tags them and caches the answers.");
  compute::add_worker_flags(flags, config);
  std::vector<std::string> positional;
  if (auto exit_code = flags.parse_for_main(argc, argv, process_env, positional, std::cout, std::cerr)) {
    return *exit_code;
  }
  install_crash_report("tagwire-compute");
  if (!positional.empty()) {
    std::cerr << "tagwire-compute: unexpected argument '" << positional.front() << "' (see --help)\n";
    return kExitBadFlags;
  }
  config.log.logger = "compute";
  if (Status logging = init_logging(config.log); !logging) {
    std::cerr << "tagwire-compute: " << logging.error().message << " (see --help)\n";
    return kExitBadFlags;
  }

  const sigset_t control_signals = block_control_signals();
  auto service = compute::WorkerService::start(config);
  if (!service) {
    const bool bad_flags = service.error().kind == ErrorKind::kBadRequest;
    std::cerr << "tagwire-compute: " << service.error().message << (bad_flags ? " (see --help)\n" : "\n");
    return bad_flags ? kExitBadFlags : kExitFailure;
  }
  log_info("ready", {{"bus", config.bus_connect},
                     {"capacity", (*service)->capacity()},
                     {"threads", (*service)->cpu_threads()},
                     {"name", config.resolved_name()},
                     {"metrics_port", (*service)->metrics_port()}});

  const int signal_number = wait_for_stop_signal(control_signals, config.log.level, [] {
    log_info("SIGHUP: the worker reads its configuration only at start; nothing reloaded");
  });
  log_info("stopping", {{"signal", signal_name(signal_number)}});
  if (!(*service)->stop()) {
    // Destroying the service would wait for the engine call; the job is given up.
    flush_logs();
    std::_Exit(kExitFailure);
  }
  return 0;
}
