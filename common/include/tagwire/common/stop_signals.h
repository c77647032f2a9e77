// How a service's main() waits for SIGTERM or SIGINT without a signal handler.
//
// Contract:
// - block_stop_signals() blocks SIGTERM and SIGINT in the calling thread and
//   returns the set it blocked. Threads inherit the mask of the thread that
//   starts them, so main calls it before starting any thread; then no thread
//   is interrupted by a stop signal and main alone receives it, with
//   sigwait(&returned_set, &signal_number).
// - Failure. None expected: pthread_sigmask only fails for an invalid `how`.
// Thread safety: affects the calling thread only; call it from main, first.
#pragma once

#include <signal.h>

namespace tagwire {

sigset_t block_stop_signals();

}  // namespace tagwire
