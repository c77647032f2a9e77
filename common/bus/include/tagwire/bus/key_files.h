// The bus's key files (PROTOCOL.md "Authentication"): reading the secret key
// and the allow-list the API and the workers are given, and writing a new pair.
//
// - A key file holds one Z85 key; whitespace around it (a final newline) is
//   trimmed. tagwire-bus-keys --secret-file / --public-file write such files.
// - An allow-list holds public keys, one per line. Blank lines and lines
//   starting with '#' are skipped, and a key may be followed by whitespace and
//   a '#' comment (a label). No key starts with '#' (Z85 never encodes 32
//   bytes that way, and libzmq refuses such text), but one may hold '#' further
//   on, so a comment after a key needs the whitespace. Any other line is an
//   error, and so is a list with no key (it would let no worker in).
// Errors are kBadRequest and start with the file's path; a line's error gives
// its number. They never quote a file's content, which may be a secret.
// Thread safety: plain functions.
#pragma once

#include <string>
#include <vector>

#include "tagwire/bus/curve_keys.h"
#include "tagwire/common/result.h"

namespace tagwire::bus {

// Files larger than this are refused rather than read (an allow-list of 1 MiB
// holds over 20 000 keys).
inline constexpr std::size_t kMaxKeyFileBytes = 1024 * 1024;

// The one Z85 key in `path`.
Result<std::string> read_key_file(const std::string& path);

// The public keys listed in `path`, in file order.
Result<std::vector<std::string>> read_allowed_keys_file(const std::string& path);

// Writes pair.secret_key to secret_path (mode 0600) and pair.public_key to
// public_path, each followed by a newline. Neither file may exist already (a
// secret key is never overwritten); when the second cannot be written the
// first is removed again.
Status write_key_pair_files(const CurveKeyPair& pair, const std::string& secret_path, const std::string& public_path);

}  // namespace tagwire::bus
