// The one text form of a point in time across tagwire: ISO-8601 UTC with
// milliseconds, as log lines' `ts` and the API's `computed_at` show it.
//
// Contract: format_utc_ms(unix_ms) returns "YYYY-MM-DDTHH:MM:SS.mmmZ" for
// milliseconds since the Unix epoch ("2024-05-01T12:00:00.123Z"). Times before
// the epoch round down to the millisecond before (-1 is
// "1969-12-31T23:59:59.999Z"). It never fails and allocates only the result.
// Thread safety: a pure function (gmtime_r), callable from any thread.
#pragma once

#include <cstdint>
#include <string>

namespace tagwire {

std::string format_utc_ms(int64_t unix_ms);

}  // namespace tagwire
