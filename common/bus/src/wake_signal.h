// A wake-up any thread can raise for a socket-owning thread blocked in zmq::poll.
//
// An eventfd rather than an inproc socket: raising it is a plain write(2),
// safe from any number of threads at once, so no ZeroMQ socket is ever shared
// (STYLE.md #5). zmq::poll watches its descriptor like a socket.
// Thread safety: raise() from any thread; drain() and fd() on the owner thread.
#pragma once

namespace tagwire::bus {

class WakeSignal {
 public:
  WakeSignal();
  ~WakeSignal();
  WakeSignal(const WakeSignal&) = delete;
  WakeSignal& operator=(const WakeSignal&) = delete;

  bool valid() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  void raise();
  void drain();

 private:
  int fd_ = -1;
};

}  // namespace tagwire::bus
