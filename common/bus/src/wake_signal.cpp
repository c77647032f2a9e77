// The eventfd behind WakeSignal.
#include "wake_signal.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>

namespace tagwire::bus {

WakeSignal::WakeSignal() : fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

WakeSignal::~WakeSignal() {
  if (fd_ >= 0) ::close(fd_);
}

void WakeSignal::raise() {
  const std::uint64_t one = 1;
  // EAGAIN means the counter is already huge: the owner is about to wake anyway.
  [[maybe_unused]] auto written = ::write(fd_, &one, sizeof one);
}

void WakeSignal::drain() {
  std::uint64_t count = 0;
  [[maybe_unused]] auto got = ::read(fd_, &count, sizeof count);
}

}  // namespace tagwire::bus
