// tagwire-bus-keys, run in-process: what it prints and writes.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <zmq.h>

#include "files.h"
#include "tagwire/bus/bus_keys_tool.h"
#include "tagwire/bus/curve_keys.h"
#include "temp_dir.h"

using namespace tagwire;
using namespace tagwire::bus;
using tagwire::testing::read_file;
using tagwire::testing::TempDir;

namespace {

struct Run {
  int exit_code;
  std::string out;
  std::string err;
};

Run run(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  args.insert(args.begin(), "tagwire-bus-keys");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  auto lookup = [env = std::move(env)](const std::string& name) -> std::optional<std::string> {
    const auto found = env.find(name);
    if (found == env.end()) return std::nullopt;
    return found->second;
  };
  std::ostringstream out;
  std::ostringstream err;
  const int code = run_bus_keys_tool(static_cast<int>(argv.size()), argv.data(), lookup, out, err);
  return Run{code, out.str(), err.str()};
}

// "name=value" lines.
std::map<std::string, std::string> fields(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const auto equals = line.find('=');
    REQUIRE(equals != std::string::npos);
    out[line.substr(0, equals)] = line.substr(equals + 1);
  }
  return out;
}

std::string libzmq_public_key(const std::string& secret) {
  std::array<char, 41> derived{};
  REQUIRE(zmq_curve_public(derived.data(), secret.c_str()) == 0);
  return derived.data();
}

}  // namespace

TEST_CASE("tagwire-bus-keys prints a public and a secret key that belong together", "[bus][keys][tool]") {
  const Run first = run({});
  REQUIRE(first.exit_code == 0);
  CHECK(first.err.empty());
  const auto keys = fields(first.out);
  REQUIRE(keys.size() == 2);
  const std::string public_key = keys.at("public");
  const std::string secret_key = keys.at("secret");
  CHECK(is_z85_key(public_key));
  CHECK(is_z85_key(secret_key));
  CHECK(public_key != secret_key);
  CHECK(libzmq_public_key(secret_key) == public_key);
  CHECK(first.out == "public=" + public_key + "\nsecret=" + secret_key + "\n");
  CHECK(fields(run({}).out).at("secret") != secret_key);  // a new pair each run
}

TEST_CASE("tagwire-bus-keys writes the pair to files, the secret one with mode 0600", "[bus][keys][tool]") {
  TempDir dir;
  const std::string secret_path = (dir.path() / "api.secret").string();
  const std::string public_path = (dir.path() / "api.public").string();
  const Run wrote = run({"--secret-file", secret_path, "--public-file", public_path});
  REQUIRE(wrote.exit_code == 0);
  const std::string public_key = fields(wrote.out).at("public");
  CHECK(wrote.out == "public=" + public_key + "\n");  // the secret key is not printed
  CHECK(read_file(public_path) == public_key + "\n");
  const std::string secret_file = read_file(secret_path);
  REQUIRE(secret_file.size() == kZ85KeyLength + 1);
  CHECK(libzmq_public_key(secret_file.substr(0, kZ85KeyLength)) == public_key);
  struct stat info {};
  REQUIRE(::stat(secret_path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);

  const Run again = run({"--secret-file", secret_path, "--public-file", (dir.path() / "b.public").string()});
  CHECK(again.exit_code == kExitFailure);
  CHECK_THAT(again.err, Catch::Contains("already exists"));
  CHECK(read_file(secret_path) == secret_file);
}

TEST_CASE("tagwire-bus-keys reads its flags from TAGWIRE_ variables too", "[bus][keys][tool]") {
  TempDir dir;
  const std::string secret_path = (dir.path() / "w.secret").string();
  const std::string public_path = (dir.path() / "w.public").string();
  const Run wrote = run({}, {{"TAGWIRE_SECRET_FILE", secret_path}, {"TAGWIRE_PUBLIC_FILE", public_path}});
  REQUIRE(wrote.exit_code == 0);
  CHECK(std::filesystem::exists(secret_path));
  CHECK(std::filesystem::exists(public_path));
}

TEST_CASE("tagwire-bus-keys refuses half of the file flags and explains itself with --help", "[bus][keys][tool]") {
  TempDir dir;
  const Run half = run({"--secret-file", (dir.path() / "s").string()});
  CHECK(half.exit_code == kExitBadFlags);
  CHECK_THAT(half.err, Catch::Contains("--public-file"));
  CHECK(half.out.empty());
  CHECK_FALSE(std::filesystem::exists(dir.path() / "s"));

  const Run positional = run({"extra"});
  CHECK(positional.exit_code == kExitBadFlags);

  const Run help = run({"--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("--secret-file") && Catch::Contains("--public-file") &&
                           Catch::Contains("TAGWIRE_SECRET_FILE"));
}
