// The command-line face of tagwire-api: one flag per ApiConfig field, each also
// read from TAGWIRE_<NAME> (flags.h). The fixed names of DESIGN.md
// (--http-port, --bus-bind, --data-dir, --admin-token) are among them.
//
// Thread safety: none; call from main before starting threads.
#pragma once

#include "tagwire/api/config.h"
#include "tagwire/common/flags.h"

namespace tagwire::api {

// Binds every flag to its field of `config`; `config`'s current values are the
// defaults --help shows. `config` must outlive `flags`' parse().
void register_api_flags(FlagSet& flags, ApiConfig& config);

}  // namespace tagwire::api
