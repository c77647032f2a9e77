// format_utc_ms: the ISO-8601 text of log lines' ts and the API's computed_at.
#include <catch2/catch.hpp>

#include "tagwire/common/utc_time.h"

using tagwire::format_utc_ms;

TEST_CASE("times are written as ISO-8601 UTC with milliseconds", "[time]") {
  CHECK(format_utc_ms(0) == "1970-01-01T00:00:00.000Z");
  CHECK(format_utc_ms(1714564800123) == "2024-05-01T12:00:00.123Z");
}

TEST_CASE("a time before the epoch rounds down to the millisecond before", "[time]") {
  CHECK(format_utc_ms(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(format_utc_ms(-1000) == "1969-12-31T23:59:59.000Z");
}
