// Names the calling thread, so `top -H`, `ps -L` and /proc/PID/task/*/comm tell
// the service's threads apart (the writer, the broker, HTTP workers...).
// Linux keeps 15 bytes of a name; longer names are cut. Never fails loudly: a
// thread that could not be named keeps its process's name.
#pragma once

#include <string_view>

namespace tagwire {

void name_this_thread(std::string_view name);

}  // namespace tagwire
