// FlagSet: registration, parsing (command line, then environment), and usage text.
#include "tagwire/common/flags.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ostream>
#include <stdexcept>

namespace tagwire {
namespace {

Error bad_flag(std::string message) { return Error::make(ErrorKind::kBadRequest, std::move(message)); }

bool is_valid_flag_name(std::string_view name) {
  if (name.empty() || name.front() == '-' || name.back() == '-' || name == "help") return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::optional<bool> parse_bool(std::string_view text) {
  const std::string word = lowercase(text);
  if (word == "true" || word == "1" || word == "yes" || word == "on") return true;
  if (word == "false" || word == "0" || word == "no" || word == "off") return false;
  return std::nullopt;
}

std::string format_double(double value) {
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc{} ? std::string(buffer, end) : std::string("?");
}

// Milliseconds in the largest unit that divides them exactly: "5s", "250ms", "3h".
std::string format_duration(std::chrono::milliseconds duration) {
  const std::int64_t ms = duration.count();
  struct Unit {
    std::int64_t ms;
    const char* suffix;
  };
  for (const Unit unit : {Unit{3'600'000, "h"}, Unit{60'000, "m"}, Unit{1'000, "s"}}) {
    if (ms != 0 && ms % unit.ms == 0) return std::to_string(ms / unit.ms) + unit.suffix;
  }
  return std::to_string(ms) + "ms";
}

std::optional<std::int64_t> unit_in_ms(std::string_view unit) {
  if (unit.empty() || unit == "ms") return 1;
  if (unit == "s") return 1'000;
  if (unit == "m") return 60'000;
  if (unit == "h") return 3'600'000;
  return std::nullopt;
}

// A help text wrapped under its flag, each line indented by six spaces.
void append_indented(std::string& out, std::string_view text) {
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto newline = text.find('\n', start);
    out += "      ";
    out.append(text.substr(start, newline == std::string_view::npos ? std::string_view::npos : newline - start));
    out += '\n';
    if (newline == std::string_view::npos) break;
    start = newline + 1;
  }
}

}  // namespace

std::optional<std::string> process_env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::string env_var_name(std::string_view flag_name) {
  std::string out = "TAGWIRE_";
  for (char c : flag_name) {
    if (c == '-') {
      out += '_';
    } else if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else {
      out += c;
    }
  }
  return out;
}

FlagSet::FlagSet(std::string program, std::string summary, std::string positional_synopsis)
    : program_(std::move(program)), summary_(std::move(summary)), positional_synopsis_(std::move(positional_synopsis)) {}

void FlagSet::add_flag(Flag flag) {
  if (!is_valid_flag_name(flag.name)) throw std::logic_error("invalid flag name '" + flag.name + "'");
  if (find(flag.name) != nullptr) throw std::logic_error("flag --" + flag.name + " registered twice");
  flags_.push_back(std::move(flag));
}

void FlagSet::add_string(std::string name, std::string* field, std::string help) {
  Setter set = [field](std::string_view text) -> std::optional<std::string> {
    *field = std::string(text);
    return std::nullopt;
  };
  std::string default_text = field->empty() ? "(empty)" : "\"" + *field + "\"";
  add_flag(Flag{std::move(name), std::move(help), "STRING", std::move(default_text), std::move(set), false});
}

void FlagSet::add_bool(std::string name, bool* field, std::string help) {
  Setter set = [field](std::string_view text) -> std::optional<std::string> {
    const auto value = parse_bool(text);
    if (!value) return "'" + std::string(text) + "' is not true or false";
    *field = *value;
    return std::nullopt;
  };
  add_flag(Flag{std::move(name), std::move(help), "", *field ? "true" : "false", std::move(set), true});
}

void FlagSet::add_double(std::string name, double* field, std::string help, double min, double max) {
  Setter set = [field, min, max](std::string_view text) -> std::optional<std::string> {
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc{} || stop != end || !std::isfinite(value)) {
      return "'" + std::string(text) + "' is not a number";
    }
    if (value < min || value > max) {
      return "'" + std::string(text) + "' is out of range (" + format_double(min) + " to " + format_double(max) + ")";
    }
    *field = value;
    return std::nullopt;
  };
  add_flag(Flag{std::move(name), std::move(help), "NUMBER", format_double(*field), std::move(set), false});
}

void FlagSet::add_duration(std::string name, std::chrono::milliseconds* field, std::string help,
                           std::chrono::milliseconds min, std::chrono::milliseconds max) {
  Setter set = [field, min, max](std::string_view text) -> std::optional<std::string> {
    const std::string quoted = "'" + std::string(text) + "'";
    std::int64_t count = 0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, count);
    const auto unit = unit_in_ms(std::string_view(stop, static_cast<std::size_t>(end - stop)));
    if (error == std::errc::invalid_argument || !unit || count < 0) {
      return quoted + " is not a duration (e.g. 250ms, 5s, 2m, 1h; a bare number is ms)";
    }
    const std::string range = "(" + format_duration(min) + " to " + format_duration(max) + ")";
    if (error == std::errc::result_out_of_range || count > max.count() / *unit) {
      return quoted + " is out of range " + range;
    }
    const std::chrono::milliseconds value(count * *unit);
    if (value < min || value > max) return quoted + " is out of range " + range;
    *field = value;
    return std::nullopt;
  };
  add_flag(Flag{std::move(name), std::move(help), "DURATION", format_duration(*field), std::move(set), false});
}

const FlagSet::Flag* FlagSet::find(std::string_view name) const {
  for (const Flag& flag : flags_) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

Result<ParsedArgs> FlagSet::parse(const std::vector<std::string>& args, const EnvLookup& env) const {
  ParsedArgs parsed;
  // --help wins over everything else on the line, bad flags included.
  for (std::size_t i = 1; i < args.size() && args[i] != "--"; ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      parsed.help_requested = true;
      return parsed;
    }
  }

  std::vector<const Flag*> given;
  bool flags_ended = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (flags_ended || arg == "-" || !arg.starts_with('-')) {
      parsed.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_ended = true;
      continue;
    }
    if (!arg.starts_with("--")) return bad_flag("unknown flag " + arg + " (flags start with --)");

    const std::string_view body = std::string_view(arg).substr(2);
    const auto equals = body.find('=');
    const std::string name(body.substr(0, equals));
    const std::optional<std::string> inline_value =
        equals == std::string_view::npos ? std::nullopt : std::optional<std::string>(body.substr(equals + 1));

    const Flag* flag = find(name);
    bool negated = false;
    if (flag == nullptr && name.starts_with("no-")) {
      const Flag* positive = find(std::string_view(name).substr(3));
      if (positive != nullptr && positive->is_bool) {
        flag = positive;
        negated = true;
      }
    }
    if (flag == nullptr) return bad_flag("unknown flag --" + name);

    std::string value;
    if (negated) {
      if (inline_value) return bad_flag("--" + name + " takes no value");
      value = "false";
    } else if (inline_value) {
      value = *inline_value;
    } else if (flag->is_bool) {
      value = "true";
    } else if (i + 1 < args.size() && !args[i + 1].starts_with("--")) {
      value = args[++i];
    } else {
      return bad_flag("--" + name + " needs a value");
    }
    if (auto reason = flag->set(value)) return bad_flag("--" + flag->name + ": " + *reason);
    given.push_back(flag);
  }

  for (const Flag& flag : flags_) {
    if (std::find(given.begin(), given.end(), &flag) != given.end()) continue;
    const std::string variable = env_var_name(flag.name);
    const auto value = env ? env(variable) : std::nullopt;
    if (!value || value->empty()) continue;
    if (auto reason = flag.set(*value)) return bad_flag(variable + ": " + *reason);
  }
  return parsed;
}

Result<ParsedArgs> FlagSet::parse(int argc, const char* const* argv, const EnvLookup& env) const {
  return parse(std::vector<std::string>(argv, argv + argc), env);
}

std::string FlagSet::usage() const {
  std::string out = "Usage: " + program_ + " [flags]";
  if (!positional_synopsis_.empty()) out += " " + positional_synopsis_;
  out += "\n\n" + summary_ + "\n\nFlags:\n";
  for (const Flag& flag : flags_) {
    out += flag.is_bool ? "  --[no-]" + flag.name + "\n" : "  --" + flag.name + "=" + flag.value_kind + "\n";
    append_indented(out, flag.help);
    append_indented(out, "env " + env_var_name(flag.name) + ", default " + flag.default_text);
  }
  out += "  --help, -h\n";
  append_indented(out, "Print this help and exit.");
  return out;
}

std::optional<int> FlagSet::parse_for_main(int argc, const char* const* argv, const EnvLookup& env,
                                           std::vector<std::string>& positional, std::ostream& out,
                                           std::ostream& err) const {
  auto parsed = parse(argc, argv, env);
  if (!parsed) {
    err << program_ << ": " << parsed.error().message << " (see --help)\n";
    return kExitBadFlags;
  }
  if (parsed->help_requested) {
    out << usage();
    return 0;
  }
  positional = std::move(parsed->positional);
  return std::nullopt;
}

Status flags_given_together(std::string_view flag_a, bool a_set, std::string_view flag_b, bool b_set,
                            std::string_view why) {
  if (a_set == b_set) return Ok{};
  const std::string_view given = a_set ? flag_a : flag_b;
  const std::string_view missing = a_set ? flag_b : flag_a;
  return Error::make(ErrorKind::kBadRequest,
                     std::string(given) + " needs " + std::string(missing) + ": " + std::string(why));
}

}  // namespace tagwire
