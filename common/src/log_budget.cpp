// LogBudget (see log_budget.h).
#include "tagwire/common/log_budget.h"

namespace tagwire {

std::optional<std::uint64_t> LogBudget::admit(Clock::time_point now) {
  if (used_ == 0 || now - interval_start_ >= interval_) {
    interval_start_ = now;
    used_ = 0;
  }
  if (used_ >= lines_) {
    ++left_out_;
    return std::nullopt;
  }
  ++used_;
  const std::uint64_t left_out = left_out_;
  left_out_ = 0;
  return left_out;
}

}  // namespace tagwire
