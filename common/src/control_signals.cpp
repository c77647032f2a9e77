// The control-signal mask both services' main() block before starting threads,
// and the wait on it (see control_signals.h).
#include "tagwire/common/control_signals.h"

#include <pthread.h>

#include "tagwire/common/log.h"

namespace tagwire {

sigset_t block_control_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  for (const int s : {SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

int wait_for_stop_signal(const sigset_t& blocked, const std::string& level, const std::function<void()>& on_reload) {
  for (;;) {
    int signal_number = 0;
    if (sigwait(&blocked, &signal_number) != 0) continue;
    switch (signal_number) {
      case SIGUSR1:
      case SIGUSR2:
        change_log_level(signal_number == SIGUSR1 ? "debug" : level, signal_name(signal_number));
        break;
      case SIGHUP:
        on_reload();
        break;
      default:
        return signal_number;
    }
  }
}

std::string signal_name(int signal_number) {
  switch (signal_number) {
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    case SIGHUP:
      return "SIGHUP";
    case SIGUSR1:
      return "SIGUSR1";
    case SIGUSR2:
      return "SIGUSR2";
    default:
      return "signal " + std::to_string(signal_number);
  }
}

}  // namespace tagwire
