// ISO-8601 UTC text for unix milliseconds (see utc_time.h).
#include "tagwire/common/utc_time.h"

#include <ctime>

#include <fmt/format.h>

namespace tagwire {

std::string format_utc_ms(int64_t unix_ms) {
  // Floor division, so a time before the epoch keeps a millisecond field in
  // [0, 999] instead of a negative one.
  int64_t seconds = unix_ms / 1000;
  int64_t millis = unix_ms % 1000;
  if (millis < 0) {
    millis += 1000;
    seconds -= 1;
  }
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
}

}  // namespace tagwire
