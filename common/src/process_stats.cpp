// Reading /proc/self (see process_stats.h).
#include "tagwire/common/process_stats.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace tagwire {
namespace {

std::string read_file(const char* path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The fields of /proc/self/stat after "(comm)", which may hold spaces;
// fields[0] is the state, the 3rd field of the file.
std::vector<std::string> stat_fields_after_comm() {
  const std::string stat = read_file("/proc/self/stat");
  const std::size_t close = stat.rfind(')');
  std::vector<std::string> fields;
  if (close == std::string::npos) return fields;
  std::istringstream rest(stat.substr(close + 1));
  for (std::string field; rest >> field;) fields.push_back(field);
  return fields;
}

double field_number(const std::vector<std::string>& fields, std::size_t file_field) {
  const std::size_t index = file_field - 3;  // fields start at the file's 3rd
  if (index >= fields.size()) return 0;
  try {
    return std::stod(fields[index]);
  } catch (const std::exception&) {
    return 0;
  }
}

double boot_time_seconds() {
  std::istringstream stat(read_file("/proc/stat"));
  for (std::string line; std::getline(stat, line);) {
    if (line.rfind("btime ", 0) == 0) return std::stod(line.substr(6));
  }
  return 0;
}

std::size_t count_open_fds() {
  std::error_code error;
  std::size_t count = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", error), end; !error && it != end; it.increment(error)) {
    ++count;
  }
  return count > 0 ? count - 1 : 0;  // less the descriptor the listing itself holds
}

}  // namespace

ProcessStats read_process_stats() {
  ProcessStats stats;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const std::vector<std::string> fields = stat_fields_after_comm();
  if (ticks > 0) {
    stats.cpu_seconds = (field_number(fields, 14) + field_number(fields, 15)) / ticks;
    const double started = field_number(fields, 22);
    if (started > 0) stats.start_time_seconds = boot_time_seconds() + started / ticks;
  }
  stats.threads = static_cast<std::size_t>(field_number(fields, 20));
  stats.virtual_bytes = static_cast<std::uint64_t>(field_number(fields, 23));
  const long page = sysconf(_SC_PAGESIZE);
  stats.resident_bytes = static_cast<std::uint64_t>(field_number(fields, 24)) * static_cast<std::uint64_t>(page > 0 ? page : 0);
  stats.open_fds = count_open_fds();
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) stats.max_fds = static_cast<std::size_t>(limit.rlim_cur);
  return stats;
}

void append_process_metrics(MetricsText& out, const ProcessStats& stats) {
  out.counter("process_cpu_seconds_total", "User and system CPU time spent, in seconds.", stats.cpu_seconds);
  out.gauge("process_resident_memory_bytes", "Resident memory size, in bytes.",
            static_cast<double>(stats.resident_bytes));
  out.gauge("process_virtual_memory_bytes", "Virtual memory size, in bytes.", static_cast<double>(stats.virtual_bytes));
  out.gauge("process_open_fds", "Open file descriptors.", static_cast<double>(stats.open_fds));
  out.gauge("process_max_fds", "The limit on open file descriptors.", static_cast<double>(stats.max_fds));
  out.gauge("process_threads", "Threads of the process.", static_cast<double>(stats.threads));
  out.gauge("process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds.",
            stats.start_time_seconds);
}

}  // namespace tagwire
