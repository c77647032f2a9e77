// tagwire-bus-keys: makes a CURVE key pair for the bus (PROTOCOL.md
// "Authentication"). The whole program but main(), so tests run it in-process.
//
//   tagwire-bus-keys
//       prints "public=<Z85>" and "secret=<Z85>", one line each.
//   tagwire-bus-keys --secret-file PATH --public-file PATH
//       writes each key, and a newline, to its file (key_files.h: the secret
//       one with mode 0600, never over an existing file) and prints only the
//       "public=<Z85>" line.
//
// Returns main's exit code: 0, kExitBadFlags for bad flags (one of the two
// file flags without the other, a positional argument), kExitFailure when the
// keys cannot be made or written (the reason goes to `err`).
// Thread safety: none; for main.
#pragma once

#include <iosfwd>

#include "tagwire/common/flags.h"

namespace tagwire::bus {

int run_bus_keys_tool(int argc, const char* const* argv, const EnvLookup& env, std::ostream& out, std::ostream& err);

}  // namespace tagwire::bus
