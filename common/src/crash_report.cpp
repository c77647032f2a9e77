// Crash reports: the fatal-signal handler and the terminate handler. Everything
// the signal handler calls is listed in crash_report.h; formatting is done by
// hand into buffers on the (alternate) stack.
#include "tagwire/common/crash_report.h"

#include <cxxabi.h>
#include <errno.h>
#include <execinfo.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <typeinfo>

namespace tagwire {
namespace {

constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
constexpr int kMaxFrames = 64;
constexpr std::size_t kProgramMaxBytes = 63;
constexpr std::size_t kWhatMaxBytes = 2048;
constexpr std::size_t kTypeMaxBytes = 512;
constexpr std::size_t kAltStackBytes = 64 * 1024;

// Set once by install_crash_report, before any crash can read them.
std::atomic<bool> g_installed{false};
char g_program[kProgramMaxBytes + 1] = "tagwire";
std::size_t g_program_len = 7;

// The thread reporting a crash (0: none yet). A second thread that crashes
// waits; the same thread crashing again inside the handler dies at once.
std::atomic<pid_t> g_crashing_tid{0};
std::atomic<pid_t> g_terminating_tid{0};
static_assert(std::atomic<pid_t>::is_always_lock_free, "the signal handler needs a lock-free atomic");

void write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t written = ::write(fd, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      return;
    }
    data += written;
    size -= static_cast<std::size_t>(written);
  }
}

// A line built in a fixed buffer without allocating. Appends past the end are
// dropped; two bytes stay reserved for finish()'s "}\n". The callers size the
// buffers so that, with their inputs capped, nothing is ever dropped.
template <std::size_t N>
class Line {
 public:
  void raw(const char* text, std::size_t size) {
    const std::size_t room = N - 2 - len_;
    const std::size_t n = std::min(size, room);
    std::memcpy(data_ + len_, text, n);
    len_ += n;
  }
  void raw(const char* text) { raw(text, std::strlen(text)); }
  void put(char c) { raw(&c, 1); }

  void dec(std::int64_t value) {
    char digits[24];
    std::size_t n = 0;
    const bool negative = value < 0;
    std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
    do {
      digits[n++] = static_cast<char>('0' + magnitude % 10);
      magnitude /= 10;
    } while (magnitude != 0);
    if (negative) put('-');
    while (n > 0) put(digits[--n]);
  }

  // `value` in decimal, left-padded with zeros to `width` digits.
  void padded(std::int64_t value, int width) {
    std::int64_t limit = 1;
    for (int i = 1; i < width; ++i) limit *= 10;
    for (; limit > 1 && value < limit; limit /= 10) put('0');
    dec(value);
  }

  void hex(std::uintptr_t value) {
    char digits[2 * sizeof(value)];
    std::size_t n = 0;
    do {
      digits[n++] = "0123456789abcdef"[value & 0xf];
      value >>= 4;
    } while (value != 0);
    raw("0x", 2);
    while (n > 0) put(digits[--n]);
  }

  // `text` (at most `max_bytes` of it) as the inside of a JSON string: quotes,
  // backslashes and control characters escaped, valid UTF-8 kept, each invalid
  // byte replaced by U+FFFD. Never cuts a character or an escape in two.
  void escaped(const char* text, std::size_t size, std::size_t max_bytes) {
    size = std::min(size, max_bytes);
    const auto* s = reinterpret_cast<const unsigned char*>(text);
    std::size_t i = 0;
    while (i < size) {
      const unsigned char c = s[i];
      if (c < 0x80) {
        if (c == '"' || c == '\\') {
          const char pair[2] = {'\\', static_cast<char>(c)};
          if (!fits(2)) return;
          raw(pair, 2);
        } else if (c < 0x20) {
          const char unit[6] = {'\\', 'u', '0', '0', "0123456789abcdef"[c >> 4], "0123456789abcdef"[c & 0xf]};
          if (!fits(6)) return;
          raw(unit, 6);
        } else {
          if (!fits(1)) return;
          put(static_cast<char>(c));
        }
        ++i;
        continue;
      }
      const std::size_t length = utf8_sequence_length(s + i, size - i);
      if (length == 0) {
        if (!fits(6)) return;
        raw("\\ufffd", 6);
        ++i;
      } else {
        if (!fits(length)) return;
        raw(text + i, length);
        i += length;
      }
    }
  }
  void escaped(const char* text, std::size_t max_bytes) { escaped(text, std::strlen(text), max_bytes); }

  void string_field(const char* key, const char* value, std::size_t size, std::size_t max_bytes) {
    raw(",\"");
    raw(key);
    raw("\":\"");
    escaped(value, size, max_bytes);
    put('"');
  }
  void number_field(const char* key, std::int64_t value) {
    raw(",\"");
    raw(key);
    raw("\":");
    dec(value);
  }

  void finish_and_write(int fd) {
    data_[len_++] = '}';
    data_[len_++] = '\n';
    write_all(fd, data_, len_);
  }

 private:
  bool fits(std::size_t n) const { return len_ + n + 1 <= N - 2; }  // + the closing quote

  // Bytes in the well-formed UTF-8 sequence at `s` (non-ASCII lead byte), or 0.
  static std::size_t utf8_sequence_length(const unsigned char* s, std::size_t available) {
    const unsigned char c = s[0];
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xbf;  // the second byte's range
    if (c >= 0xc2 && c <= 0xdf) {
      length = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      length = 3;
      if (c == 0xe0) low = 0xa0;
      if (c == 0xed) high = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      length = 4;
      if (c == 0xf0) low = 0x90;
      if (c == 0xf4) high = 0x8f;
    } else {
      return 0;
    }
    if (available < length || s[1] < low || s[1] > high) return 0;
    for (std::size_t k = 2; k < length; ++k) {
      if (s[k] < 0x80 || s[k] > 0xbf) return 0;
    }
    return length;
  }

  char data_[N];
  std::size_t len_ = 0;
};

// `{"ts":"...","level":"critical","logger":"<program>","msg":"<msg>"` — the
// same leading keys as log.h's lines. UTC from clock_gettime by integer
// arithmetic (days to civil date: H. Hinnant's algorithm), no gmtime_r.
template <std::size_t N>
void begin_line(Line<N>& line, const char* msg) {
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  const std::int64_t ms = static_cast<std::int64_t>(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
  std::int64_t days = ms / 86400000;
  std::int64_t ms_of_day = ms % 86400000;
  if (ms_of_day < 0) {
    ms_of_day += 86400000;
    days -= 1;
  }
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);

  line.raw("{\"ts\":\"");
  line.padded(year, 4);
  line.put('-');
  line.padded(month, 2);
  line.put('-');
  line.padded(day, 2);
  line.put('T');
  line.padded(ms_of_day / 3600000, 2);
  line.put(':');
  line.padded(ms_of_day / 60000 % 60, 2);
  line.put(':');
  line.padded(ms_of_day / 1000 % 60, 2);
  line.put('.');
  line.padded(ms_of_day % 1000, 3);
  line.raw("Z\",\"level\":\"critical\",\"logger\":\"");
  line.escaped(g_program, g_program_len, kProgramMaxBytes);
  line.raw("\",\"msg\":\"");
  line.raw(msg);
  line.put('"');
}

// ,"pid":..,"tid":..,"thread":".." for the calling thread.
template <std::size_t N>
void add_process_fields(Line<N>& line) {
  line.number_field("pid", ::getpid());
  line.number_field("tid", ::gettid());
  char name[17] = {};
  if (::prctl(PR_GET_NAME, name, 0, 0, 0) == 0) line.string_field("thread", name, std::strlen(name), 16);
}

const char* signal_name(int sig) {
  switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGABRT: return "SIGABRT";
    default: return nullptr;
  }
}

// The name of si_code for `sig`, or nullptr when unknown.
const char* code_name(int sig, int code) {
  switch (code) {
    case SI_USER: return "SI_USER";
    case SI_KERNEL: return "SI_KERNEL";
    case SI_QUEUE: return "SI_QUEUE";
    case SI_TIMER: return "SI_TIMER";
    case SI_MESGQ: return "SI_MESGQ";
    case SI_ASYNCIO: return "SI_ASYNCIO";
    case SI_SIGIO: return "SI_SIGIO";
    case SI_TKILL: return "SI_TKILL";
    default: break;
  }
  if (sig == SIGSEGV) {
    switch (code) {
      case SEGV_MAPERR: return "SEGV_MAPERR";
      case SEGV_ACCERR: return "SEGV_ACCERR";
      default: return nullptr;
    }
  }
  if (sig == SIGBUS) {
    switch (code) {
      case BUS_ADRALN: return "BUS_ADRALN";
      case BUS_ADRERR: return "BUS_ADRERR";
      case BUS_OBJERR: return "BUS_OBJERR";
      default: return nullptr;
    }
  }
  if (sig == SIGFPE) {
    switch (code) {
      case FPE_INTDIV: return "FPE_INTDIV";
      case FPE_INTOVF: return "FPE_INTOVF";
      case FPE_FLTDIV: return "FPE_FLTDIV";
      case FPE_FLTOVF: return "FPE_FLTOVF";
      case FPE_FLTUND: return "FPE_FLTUND";
      case FPE_FLTRES: return "FPE_FLTRES";
      case FPE_FLTINV: return "FPE_FLTINV";
      case FPE_FLTSUB: return "FPE_FLTSUB";
      default: return nullptr;
    }
  }
  if (sig == SIGILL) {
    switch (code) {
      case ILL_ILLOPC: return "ILL_ILLOPC";
      case ILL_ILLOPN: return "ILL_ILLOPN";
      case ILL_ILLADR: return "ILL_ILLADR";
      case ILL_ILLTRP: return "ILL_ILLTRP";
      case ILL_PRVOPC: return "ILL_PRVOPC";
      case ILL_PRVREG: return "ILL_PRVREG";
      case ILL_COPROC: return "ILL_COPROC";
      case ILL_BADSTK: return "ILL_BADSTK";
      default: return nullptr;
    }
  }
  return nullptr;
}

// Puts back the default action and raises `sig`. Called from the handler, the
// signal stays blocked until the handler returns, and is then delivered.
void restore_default_and_raise(int sig) {
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  ::sigaction(sig, &default_action, nullptr);
  ::raise(sig);
}

void on_fatal_signal(int sig, siginfo_t* info, void* /*context*/) {
  const pid_t tid = ::gettid();
  pid_t expected = 0;
  if (!g_crashing_tid.compare_exchange_strong(expected, tid)) {
    if (expected == tid) {  // the handler itself faulted: no second report
      restore_default_and_raise(sig);
      return;
    }
    for (;;) ::pause();  // another thread reports, then kills the process
  }

  Line<2048> line;
  begin_line(line, "crash");
  const char* name = signal_name(sig);
  if (name != nullptr) {
    line.string_field("signal", name, std::strlen(name), 16);
  } else {
    line.number_field("signal", sig);
  }
  const int code = info != nullptr ? info->si_code : 0;
  if (const char* code_text = code_name(sig, code); code_text != nullptr) {
    line.string_field("code", code_text, std::strlen(code_text), 16);
  } else {
    line.number_field("code", code);
  }
  if (info != nullptr && (sig == SIGSEGV || sig == SIGBUS) && code > 0 && code != SI_KERNEL) {
    line.raw(",\"address\":\"");
    line.hex(reinterpret_cast<std::uintptr_t>(info->si_addr));
    line.put('"');
  }
  if (info != nullptr && (code == SI_USER || code == SI_TKILL || code == SI_QUEUE)) {
    line.number_field("sender_pid", info->si_pid);
  }
  add_process_fields(line);
  rlimit core{};
  if (::getrlimit(RLIMIT_CORE, &core) == 0) {
    line.raw(",\"core_limit\":\"");
    if (core.rlim_cur == RLIM_INFINITY) {
      line.raw("unlimited");
    } else {
      line.dec(static_cast<std::int64_t>(core.rlim_cur));
    }
    line.put('"');
  }
  line.finish_and_write(STDERR_FILENO);

  void* frames[kMaxFrames];
  const int count = ::backtrace(frames, kMaxFrames);
  ::backtrace_symbols_fd(frames, count, STDERR_FILENO);

  restore_default_and_raise(sig);
}

[[noreturn]] void on_terminate() noexcept {
  const pid_t tid = ::gettid();
  pid_t expected = 0;
  if (!g_terminating_tid.compare_exchange_strong(expected, tid)) {
    if (expected == tid) std::abort();  // terminate again while reporting
    for (;;) ::pause();                 // another thread reports, then aborts
  }

  Line<16384> line;
  const std::type_info* type = abi::__cxa_current_exception_type();
  begin_line(line, type != nullptr ? "uncaught exception" : "terminate without an active exception");
  if (type != nullptr) {
    int status = -1;
    char* demangled = abi::__cxa_demangle(type->name(), nullptr, nullptr, &status);
    const char* type_name = status == 0 && demangled != nullptr ? demangled : type->name();
    line.string_field("type", type_name, std::strlen(type_name), kTypeMaxBytes);
    std::free(demangled);
    try {
      throw;
    } catch (const std::exception& error) {
      const char* what = error.what();
      line.string_field("what", what, ::strnlen(what, kWhatMaxBytes), kWhatMaxBytes);
    } catch (...) {
    }
  }
  add_process_fields(line);
  line.finish_and_write(STDERR_FILENO);
  std::abort();
}

}  // namespace

bool install_crash_altstack_for_this_thread() {
  struct AltStack {
    void* mapping = nullptr;
    std::size_t mapping_size = 0;
    ~AltStack() {
      if (mapping == nullptr) return;
      stack_t off{};
      off.ss_flags = SS_DISABLE;
      ::sigaltstack(&off, nullptr);
      ::munmap(mapping, mapping_size);
    }
  };
  thread_local AltStack altstack;
  if (altstack.mapping != nullptr) return true;

  const long page = std::max(::sysconf(_SC_PAGESIZE), 4096L);
  const long kernel_minimum = ::sysconf(_SC_SIGSTKSZ);
  std::size_t size = std::max<std::size_t>(kAltStackBytes, kernel_minimum > 0 ? 4 * kernel_minimum : 0);
  size = (size + static_cast<std::size_t>(page) - 1) / static_cast<std::size_t>(page) * static_cast<std::size_t>(page);
  // One PROT_NONE page below the stack: overflowing the alternate stack faults
  // (and kills) instead of writing over whatever is mapped there.
  const std::size_t mapping_size = size + static_cast<std::size_t>(page);
  void* mapping = ::mmap(nullptr, mapping_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (mapping == MAP_FAILED) return false;
  ::mprotect(mapping, static_cast<std::size_t>(page), PROT_NONE);
  stack_t stack{};
  stack.ss_sp = static_cast<char*>(mapping) + page;
  stack.ss_size = size;
  stack.ss_flags = 0;
  if (::sigaltstack(&stack, nullptr) != 0) {
    ::munmap(mapping, mapping_size);
    return false;
  }
  altstack.mapping = mapping;
  altstack.mapping_size = mapping_size;
  return true;
}

void install_crash_report(std::string_view program) {
  if (g_installed.exchange(true)) return;

  const std::size_t n = std::min(program.size(), kProgramMaxBytes);
  std::memcpy(g_program, program.data(), n);
  g_program[n] = '\0';
  g_program_len = n;

  // Load libgcc_s (the unwinder) now: backtrace()'s first call dlopens it.
  void* warm_up[4];
  (void)::backtrace(warm_up, 4);

  (void)::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
  (void)install_crash_altstack_for_this_thread();

  struct sigaction action {};
  action.sa_sigaction = on_fatal_signal;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  for (const int sig : kFatalSignals) ::sigaction(sig, &action, nullptr);

  std::set_terminate(on_terminate);
}

}  // namespace tagwire
