// How a service's main() waits for its control signals without a signal handler.
//
// Contract:
// - block_control_signals() blocks SIGTERM, SIGINT, SIGHUP, SIGUSR1 and SIGUSR2 in the
//   calling thread and returns that set. Threads inherit the mask of the
//   thread that starts them, so main calls it before starting any thread;
//   then no thread is interrupted by these signals and main alone receives them.
// - wait_for_stop_signal() waits for them: SIGUSR1 sets the log level to
//   debug, SIGUSR2 back to `level` (the one the service started with), each
//   logged by change_log_level (log.h); SIGHUP calls `on_reload` (the
//   service's own reload, which logs what it did); it returns at SIGTERM or
//   SIGINT, with that signal.
// - Failure. None expected: pthread_sigmask only fails for an invalid `how`.
// Thread safety: affects the calling thread only; call both from main.
#pragma once

#include <signal.h>

#include <functional>
#include <string>

namespace tagwire {

sigset_t block_control_signals();

int wait_for_stop_signal(const sigset_t& blocked, const std::string& level, const std::function<void()>& on_reload);

// "SIGTERM", "SIGINT", "SIGHUP", "SIGUSR1", "SIGUSR2", else "signal N".
std::string signal_name(int signal_number);

}  // namespace tagwire
