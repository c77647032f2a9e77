// What every long-lived thread of a service does first: takes its name
// (thread_name.h, so `top -H` tells the threads apart) and an alternate signal
// stack of its own (crash_report.h, so a stack overflow in it is still
// reported before the process dies). Call at the top of the thread's function.
#pragma once

#include <string_view>

namespace tagwire {

void begin_service_thread(std::string_view name);

}  // namespace tagwire
