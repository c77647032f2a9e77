// A service thread's first steps (see service_thread.h).
#include "tagwire/common/service_thread.h"

#include "tagwire/common/crash_report.h"
#include "tagwire/common/thread_name.h"

namespace tagwire {

void begin_service_thread(std::string_view name) {
  name_this_thread(name);
  // Without one, an overflow kills silently (still with a core); nothing else to do.
  (void)install_crash_altstack_for_this_thread();
}

}  // namespace tagwire
