// FlagSet: the declarative command-line parser every tagwire program uses. Each
// flag is bound to a field of the program's config struct and is also read from
// an environment variable, so a container sets the same knobs without arguments.
//
// Contract:
// - Registering. add_string/add_int/add_double/add_bool/add_duration bind a flag
//   `--name` to a field. The field's value at registration is the flag's default
//   (the config struct stays the one place defaults live) and is what --help shows.
//   Names are lowercase letters, digits and '-'; "help" is reserved. Registering a
//   bad or duplicate name is a programming error and throws std::logic_error.
//   The FlagSet keeps the field pointers: the fields must outlive parse().
// - Sources. For each flag, in order of precedence: the command line, then the
//   environment variable env_var_name(name) ("http-port" -> TAGWIRE_HTTP_PORT),
//   then the default. An empty environment variable counts as unset, so a
//   compose file may list a variable with no value.
// - Syntax. `--name=value` and `--name value` (the next argument is taken as the
//   value unless it starts with "--"); bools also take `--name`, `--no-name` and
//   `--name=true|false|1|0|yes|no|on|off`. A repeated flag: the last one wins.
//   "--" ends the flags; every other argument not starting with '-', and "-" itself,
//   is positional and collected in order. `--help` or `-h` asks for usage.
// - Values. Integers are decimal and must fit the field's type and the range given
//   at registration. Doubles use '.' and must be finite and in range. Durations
//   are a non-negative integer with an optional unit ms, s, m or h ("250" means
//   250 ms, "5s", "2m"); their field is std::chrono::milliseconds.
// - Failure. parse() returns a kBadRequest Error whose message is one line naming
//   the flag and the problem ("--http-port: 'abc' is not an integer",
//   "unknown flag --prot"); the fields may then be partly filled.
// Thread safety: none; build and parse from one thread (main), before starting others.
#pragma once

#include <charconv>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

#include "tagwire/common/result.h"

namespace tagwire {

// Exit codes of a tagwire program's main(): 0 for success, kExitFailure when it
// could not run or stop cleanly, kExitBadFlags when its flags or arguments are
// wrong (what parse_for_main returns for a bad flag).
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadFlags = 2;

// For two flags that only mean something together (a key and its file): Ok
// when both or neither are set, else kBadRequest "--a needs --b: <why>",
// naming the one that is set first.
Status flags_given_together(std::string_view flag_a, bool a_set, std::string_view flag_b, bool b_set,
                            std::string_view why);

// Looks up an environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The real process environment (getenv).
std::optional<std::string> process_env(const std::string& name);

// "TAGWIRE_" + the flag name upper-cased with '-' turned into '_'.
std::string env_var_name(std::string_view flag_name);

// What a successful parse() found besides the flag values.
struct ParsedArgs {
  bool help_requested = false;           // --help or -h was given: print usage(), exit 0
  std::vector<std::string> positional;  // non-flag arguments, in order
};

class FlagSet {
 public:
  // `program` names the binary in the usage line, `summary` is one paragraph on
  // what it does, `positional_synopsis` describes positional arguments in the
  // usage line (e.g. "FILE.html|-"); empty when the program takes none.
  FlagSet(std::string program, std::string summary, std::string positional_synopsis = "");

  void add_string(std::string name, std::string* field, std::string help);
  void add_bool(std::string name, bool* field, std::string help);
  void add_double(std::string name, double* field, std::string help,
                  double min = std::numeric_limits<double>::lowest(),
                  double max = std::numeric_limits<double>::max());
  void add_duration(std::string name, std::chrono::milliseconds* field, std::string help,
                    std::chrono::milliseconds min = std::chrono::milliseconds::zero(),
                    std::chrono::milliseconds max = std::chrono::milliseconds::max());

  // Any integer field type (int, std::size_t, std::uint16_t, ...); the accepted
  // range is [min, max], by default the whole range of T.
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  void add_int(std::string name, T* field, std::string help, T min = std::numeric_limits<T>::min(),
               T max = std::numeric_limits<T>::max()) {
    const std::string range = std::to_string(min) + " to " + std::to_string(max);
    Setter set = [field, min, max, range](std::string_view text) -> std::optional<std::string> {
      T value{};
      const char* end = text.data() + text.size();
      const auto [stop, error] = std::from_chars(text.data(), end, value);
      const bool negative_for_unsigned = std::is_unsigned_v<T> && text.starts_with('-');
      if (error == std::errc::result_out_of_range || negative_for_unsigned ||
          (error == std::errc{} && stop == end && (value < min || value > max))) {
        return "'" + std::string(text) + "' is out of range (" + range + ")";
      }
      if (error != std::errc{} || stop != end) return "'" + std::string(text) + "' is not an integer";
      *field = value;
      return std::nullopt;
    };
    add_flag(Flag{std::move(name), std::move(help), "INT", std::to_string(*field), std::move(set), false});
  }

  // Fills the bound fields from `args` (args[0] is the program name and is
  // skipped) and `env`; see the contract above.
  Result<ParsedArgs> parse(const std::vector<std::string>& args, const EnvLookup& env) const;
  Result<ParsedArgs> parse(int argc, const char* const* argv, const EnvLookup& env) const;

  // The text --help prints: usage line, summary, then each flag with its value
  // kind, help, environment variable and default.
  std::string usage() const;

  // For main(): parses; on --help writes usage() to `out` and returns 0; on a bad
  // flag writes "program: reason (see --help)" to `err` and returns
  // kExitBadFlags; otherwise returns nullopt and the program runs with
  // `positional` filled.
  std::optional<int> parse_for_main(int argc, const char* const* argv, const EnvLookup& env,
                                    std::vector<std::string>& positional, std::ostream& out,
                                    std::ostream& err) const;

 private:
  // Sets the field from text; returns the reason when the text is not acceptable.
  using Setter = std::function<std::optional<std::string>(std::string_view value)>;
  struct Flag {
    std::string name;
    std::string help;
    std::string value_kind;  // "STRING", "INT", ... for usage; empty for bools
    std::string default_text;
    Setter set;
    bool is_bool = false;
  };

  void add_flag(Flag flag);
  const Flag* find(std::string_view name) const;

  std::string program_;
  std::string summary_;
  std::string positional_synopsis_;
  std::vector<Flag> flags_;
};

}  // namespace tagwire
