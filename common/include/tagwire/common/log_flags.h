// The logging flags every service shares, bound to a LogOptions (log.h):
//   --log-level LEVEL        trace|debug|info|warn|error|critical|off (default info)
//   --log-file PATH          JSON lines to a size-rotating file instead of stdout
//   --log-file-max-bytes N   rotate when the file would pass N bytes (default 10 MiB)
//   --log-file-count N       rotated files kept beside the current one (default 5)
// each also read from TAGWIRE_LOG_LEVEL, ... (flags.h). init_logging checks the
// level and opens the file; its error names the level or the file.
#pragma once

#include "tagwire/common/flags.h"
#include "tagwire/common/log.h"

namespace tagwire {

void add_log_flags(FlagSet& flags, LogOptions& options);

}  // namespace tagwire
