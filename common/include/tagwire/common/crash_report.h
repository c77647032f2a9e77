// Crash reports: a fatal signal or an uncaught exception leaves a JSON line and
// a backtrace on stderr, then the process dies of the same signal so the kernel
// can write a core and the exit status names the signal.
//
// Usage (in main, right after the flags are parsed, before any thread starts):
//   tagwire::install_crash_report("tagwire-api");
//
// What a crash writes to stderr (fd 2), with write(2) only:
//   {"ts":"2024-05-01T12:00:00.123Z","level":"critical","logger":"tagwire-api","msg":"crash",
//    "signal":"SIGSEGV","code":"SEGV_MAPERR","address":"0x28","pid":4242,"tid":4250,
//    "thread":"tw-broker","core_limit":"unlimited"}
//   ./tagwire-api(+0x1c2f3)[0x55d0c4a1c2f3]
//   /lib/x86_64-linux-gnu/libc.so.6(+0x3bf90)[0x7f7d3b83bf90]
//   ...                                   (glibc backtrace_symbols_fd, <= 64 frames)
// The first line is one line (wrapped here), shaped like the log lines of log.h:
// `ts` is UTC with milliseconds (from clock_gettime, formatted by hand),
// `logger` is the program name given at install, `signal` the signal's name,
// `code` the siginfo si_code by name ("SI_USER", "SI_TKILL" when sent by
// kill/raise/abort, "SEGV_MAPERR", "BUS_ADRERR", "FPE_INTDIV"...; a number when
// unknown), `address` (SIGSEGV and SIGBUS raised by the kernel only) the
// faulting data address, `tid`/`thread` the crashing thread's id and name
// (prctl(PR_GET_NAME)), and `core_limit` the soft RLIMIT_CORE ("0" means no
// core will be written). Frames of executables without -rdynamic print as
// "binary(+0xOFFSET)": `addr2line -f -C -e binary 0xOFFSET` names the function
// and line (the build carries debug info in RelWithDebInfo). The first frames
// are the handler itself and the kernel's signal trampoline (libc.so.6).
//
// An uncaught exception (std::terminate) first writes
//   {"ts":...,"level":"critical","logger":"tagwire-api","msg":"uncaught exception",
//    "type":"std::runtime_error","what":"...","pid":...,"tid":...,"thread":"..."}
// ("msg":"terminate without an active exception" when there is none), then
// calls abort(): the SIGABRT report above follows, with the throw site in its
// backtrace when nothing caught the exception (the stack is not unwound then).
//
// Contract:
// - install_crash_report(program) installs handlers for SIGSEGV, SIGBUS,
//   SIGFPE, SIGILL and SIGABRT (SA_SIGINFO | SA_ONSTACK, replacing whatever was
//   there; no chaining), sets std::terminate's handler, gives the calling thread
//   an alternate signal stack, keeps the process dumpable
//   (prctl(PR_SET_DUMPABLE, 1)) and calls backtrace() once so libgcc_s is loaded
//   before any crash (its first call would dlopen and malloc). The first call
//   wins; later calls do nothing. `program` is cut to 63 bytes.
// - After the report the handler restores SIG_DFL, re-raises the signal and
//   returns: a fault re-executes and kills the process; a raised signal is
//   delivered as soon as the handler's mask is lifted. Either way the process
//   dies of the original signal (WTERMSIG), and the core, if any, holds the
//   crashing thread's registers at the fault rather than in the handler.
// - One report per process: when several threads crash at once, the first
//   reports and the others wait in pause() for it to kill the process. A fault
//   inside the handler itself kills the process at once with the default action.
// - Stack overflow. The handler runs on an alternate signal stack, so a thread
//   that overflowed its stack still reports - but an alternate stack is per
//   thread, and new threads start without one. install_crash_report gives one
//   to the calling thread (main); any other thread can call
//   install_crash_altstack_for_this_thread() (64 KiB, mmap'ed, freed when the
//   thread exits). A thread without one that overflows its stack dies of
//   SIGSEGV with no report (the kernel cannot run the handler); it still cores
//   and the exit status still says SIGSEGV.
//
// Async-signal-safety. The signal handler uses only write(2), clock_gettime,
// getpid, gettid, prctl, getrlimit, sigaction, raise, pause and integer
// formatting into a stack buffer. backtrace() and backtrace_symbols_fd() are
// not on POSIX's list: they are glibc's documented way for this job (no malloc
// once libgcc_s is loaded, which install does), but they take the dynamic
// loader's lock, so a crash inside dlopen/dlclose can hang the report. The
// handler does NOT log through spdlog or flush the JSON logs (locks, malloc,
// stdio: not async-signal-safe); nothing is lost by that, as the logger flushes
// every line when it is written (log.cpp). The terminate handler is not in
// signal context, calls what() and demangles the type, but also writes with
// write(2) into a fixed buffer and does not log through spdlog (a broken
// logger or heap must not stop the report).
//
// Getting a core. The handler keeps the process dumpable; whether a core is
// written is up to the kernel: the soft RLIMIT_CORE must allow it
// (`ulimit -c unlimited` before starting the service; systemd: LimitCORE=infinity;
// docker run --ulimit core=-1) and /proc/sys/kernel/core_pattern says where it
// goes ("core" → the process's working directory; "|/usr/lib/systemd/
// systemd-coredump ..." → `coredumpctl`). In a container the core_pattern is
// the host's, set on the host, and a piped helper runs in the host's context.
// The handler does not raise RLIMIT_CORE itself: that is the operator's call.
//
// Thread safety: call install_crash_report once from main before starting
// threads (it sets process-wide handlers). install_crash_altstack_for_this_thread
// affects the calling thread only and may be called from any thread.
#pragma once

#include <string_view>

namespace tagwire {

// Installs the crash and terminate handlers; see the contract above.
void install_crash_report(std::string_view program);

// Gives the calling thread its own alternate signal stack, so a stack overflow
// in it is reported too. Replaces whatever alternate stack the thread had (a
// sanitizer's, a test framework's). Idempotent per thread; false when mmap or
// sigaltstack failed (the thread then dies of an overflow without a report).
bool install_crash_altstack_for_this_thread();

}  // namespace tagwire
