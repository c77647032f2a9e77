// The shared logging flags (see log_flags.h).
#include "tagwire/common/log_flags.h"

namespace tagwire {

void add_log_flags(FlagSet& flags, LogOptions& options) {
  flags.add_string("log-level", &options.level,
                   "trace, debug, info, warn, error, critical or off; at run time SIGUSR1 switches to debug "
                   "and SIGUSR2 back");
  flags.add_string("log-file", &options.file_path,
                   "write the JSON log lines to this file, rotated by size, instead of stdout");
  flags.add_int("log-file-max-bytes", &options.file_max_bytes, "rotate the log file when it would pass this size",
                std::size_t{4096});
  flags.add_int("log-file-count", &options.file_count, "rotated log files kept beside the current one",
                std::size_t{1}, std::size_t{100});
}

}  // namespace tagwire
