// LogBudget: at most `lines` log lines per `interval` for one kind of event a
// peer can cause at will (a READY, a malformed message), so a peer sending
// hundreds of thousands of them a second cannot fill the disk with our logs.
// The events past the budget are counted, and the next line admitted says how
// many were left out before it.
//
// Pure: the caller passes the time. Thread safety: none; one owner.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace tagwire {

class LogBudget {
 public:
  using Clock = std::chrono::steady_clock;

  LogBudget(std::size_t lines, std::chrono::milliseconds interval) : lines_(lines), interval_(interval) {}

  // Whether the event at `now` may be logged: nullopt when the interval's
  // budget is spent (the event is counted), else the number of events left
  // out since the last line admitted (usually 0), for that line to report.
  std::optional<std::uint64_t> admit(Clock::time_point now);

 private:
  std::size_t lines_;
  std::chrono::milliseconds interval_;
  Clock::time_point interval_start_{};
  std::size_t used_ = 0;
  std::uint64_t left_out_ = 0;
};

}  // namespace tagwire
