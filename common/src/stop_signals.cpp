// The stop-signal mask both services' main() block before starting threads.
#include "tagwire/common/stop_signals.h"

#include <pthread.h>

namespace tagwire {

sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

}  // namespace tagwire
