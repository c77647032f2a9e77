// tagwire-bus-keys's flags and output (see bus_keys_tool.h).
#include "tagwire/bus/bus_keys_tool.h"

#include <ostream>
#include <string>
#include <vector>

#include "tagwire/bus/curve_keys.h"
#include "tagwire/bus/key_files.h"

namespace tagwire::bus {
namespace {

constexpr const char* kProgram = "tagwire-bus-keys";

struct KeysConfig {
  std::string secret_file;
  std::string public_file;
};

FlagSet keys_flags(KeysConfig& config) {
  FlagSet flags(kProgram,
                "Makes a CURVE key pair for the tagwire bus. Without flags it prints 'public=' and 'secret=' lines; "
                "with --secret-file and --public-file it writes each key to its file (the secret one with mode 0600, "
                "never over an existing file) and prints the public line. The API takes its secret file "
                "(--bus-secret-key-file) and lists the workers' public keys (--bus-allowed-keys-file); a worker "
                "takes its own secret file (--bus-secret-key-file) and the API's public key (--bus-server-key).");
  flags.add_string("secret-file", &config.secret_file, "file to write the secret key to (mode 0600); needs --public-file");
  flags.add_string("public-file", &config.public_file, "file to write the public key to; needs --secret-file");
  return flags;
}

}  // namespace

int run_bus_keys_tool(int argc, const char* const* argv, const EnvLookup& env, std::ostream& out, std::ostream& err) {
  KeysConfig config;
  const FlagSet flags = keys_flags(config);
  std::vector<std::string> positional;
  if (auto exit_code = flags.parse_for_main(argc, argv, env, positional, out, err)) return *exit_code;
  if (!positional.empty()) {
    err << kProgram << ": unexpected argument '" << positional.front() << "' (see --help)\n";
    return kExitBadFlags;
  }
  if (config.secret_file.empty() != config.public_file.empty()) {
    err << kProgram << ": --secret-file and --public-file go together (see --help)\n";
    return kExitBadFlags;
  }
  auto pair = new_key_pair();
  if (!pair) {
    err << kProgram << ": " << pair.error().message << "\n";
    return kExitFailure;
  }
  if (config.secret_file.empty()) {
    out << "public=" << pair->public_key << "\nsecret=" << pair->secret_key << "\n";
    return 0;
  }
  if (auto written = write_key_pair_files(*pair, config.secret_file, config.public_file); !written) {
    err << kProgram << ": " << written.error().message << "\n";
    return kExitFailure;
  }
  out << "public=" << pair->public_key << "\n";
  return 0;
}

}  // namespace tagwire::bus
