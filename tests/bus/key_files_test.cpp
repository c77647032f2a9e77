// The bus's CURVE keys and key files: Z85 checks, derived public keys, the
// secret key file, the allow-list, writing a new pair.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "files.h"
#include "tagwire/bus/curve_keys.h"
#include "tagwire/bus/key_files.h"
#include "temp_dir.h"

using namespace tagwire;
using namespace tagwire::bus;
using tagwire::testing::read_file;
using tagwire::testing::TempDir;

namespace {

CurveKeyPair key_pair() {
  auto pair = new_key_pair();
  REQUIRE(pair.ok());
  return std::move(pair).value();
}

std::string write(const TempDir& dir, const std::string& name, const std::string& content) {
  const std::string path = (dir.path() / name).string();
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

unsigned mode_of(const std::string& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 0777;
}

}  // namespace

TEST_CASE("a new key pair is two distinct Z85 keys, and the public one is the secret one's", "[bus][keys]") {
  const CurveKeyPair pair = key_pair();
  CHECK(pair.public_key.size() == kZ85KeyLength);
  CHECK(pair.secret_key.size() == kZ85KeyLength);
  CHECK(pair.public_key != pair.secret_key);
  CHECK(is_z85_key(pair.public_key));
  CHECK(is_z85_key(pair.secret_key));
  auto derived = public_key_of(pair.secret_key);
  REQUIRE(derived.ok());
  CHECK(*derived == pair.public_key);
  CHECK(key_pair().secret_key != pair.secret_key);
  CHECK(z85_encode_key(z85_decode_key(pair.public_key)) == pair.public_key);
}

TEST_CASE("text that is not a 40-character Z85 key is refused", "[bus][keys]") {
  const std::string key = key_pair().secret_key;
  CHECK_FALSE(is_z85_key(key.substr(1)));
  CHECK_FALSE(is_z85_key(key + "0"));
  CHECK_FALSE(is_z85_key(key.substr(0, 39) + "~"));   // not in Z85's alphabet
  CHECK_FALSE(is_z85_key(key.substr(0, 39) + " "));
  CHECK_FALSE(is_z85_key("#" + key.substr(1)));       // would decode past 32 bits: no key starts with '#'
  CHECK_FALSE(is_z85_key(""));
  auto derived = public_key_of(key.substr(0, 39) + "~");
  REQUIRE_FALSE(derived.ok());
  CHECK(derived.error().kind == ErrorKind::kBadRequest);
  CHECK(derived.error().message.find(key.substr(0, 10)) == std::string::npos);  // never quotes a secret
}

TEST_CASE("a key file holds one key; whitespace around it is trimmed", "[bus][keys]") {
  TempDir dir;
  const std::string key = key_pair().secret_key;
  auto read = read_key_file(write(dir, "secret", "  " + key + "\n\n"));
  REQUIRE(read.ok());
  CHECK(*read == key);
}

TEST_CASE("a key file that is missing or holds no key fails naming the file, never its content", "[bus][keys]") {
  TempDir dir;
  const std::string missing = (dir.path() / "missing").string();
  auto absent = read_key_file(missing);
  REQUIRE_FALSE(absent.ok());
  CHECK(absent.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(absent.error().message, Catch::StartsWith(missing) && Catch::Contains("No such file"));

  const std::string secret = key_pair().secret_key;
  for (const std::string& content : {secret.substr(0, 39), secret + secret, "public=" + secret, std::string()}) {
    const std::string path = write(dir, "bad", content);
    auto bad = read_key_file(path);
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::StartsWith(path) && Catch::Contains("40-character Z85"));
    CHECK(bad.error().message.find(secret.substr(0, 10)) == std::string::npos);
  }
  auto folder = read_key_file(dir.path().string());
  REQUIRE_FALSE(folder.ok());
  CHECK_THAT(folder.error().message, Catch::Contains("not a regular file"));
}

TEST_CASE("an allow-list holds keys one per line, with blank lines, comments and labels", "[bus][keys]") {
  TempDir dir;
  const std::string a = key_pair().public_key;
  const std::string b = key_pair().public_key;
  const std::string path = write(dir, "allowed", "# workers of the bus\n\n" + a + "\n  \t\n   " + b +
                                                     "   # worker-b\n#" + a + "\n");
  auto keys = read_allowed_keys_file(path);
  REQUIRE(keys.ok());
  CHECK(*keys == std::vector<std::string>{a, b});
}

TEST_CASE("an allow-list with a bad line or no key fails naming the file and the line", "[bus][keys]") {
  TempDir dir;
  const std::string a = key_pair().public_key;
  const std::string bad_key = write(dir, "bad-key", a + "\n# fine\n" + a.substr(0, 39) + "\n");
  auto short_key = read_allowed_keys_file(bad_key);
  REQUIRE_FALSE(short_key.ok());
  CHECK(short_key.error().kind == ErrorKind::kBadRequest);
  CHECK_THAT(short_key.error().message, Catch::StartsWith(bad_key) && Catch::Contains("line 3"));

  auto trailing = read_allowed_keys_file(write(dir, "trailing", a + " worker-a\n"));
  REQUIRE_FALSE(trailing.ok());
  CHECK_THAT(trailing.error().message, Catch::Contains("line 1"));

  const std::string empty = write(dir, "empty", "# nobody yet\n\n");
  auto none = read_allowed_keys_file(empty);
  REQUIRE_FALSE(none.ok());
  CHECK_THAT(none.error().message, Catch::StartsWith(empty) && Catch::Contains("no keys"));

  auto absent = read_allowed_keys_file((dir.path() / "absent").string());
  REQUIRE_FALSE(absent.ok());
  CHECK_THAT(absent.error().message, Catch::Contains("cannot be read"));
}

TEST_CASE("a key pair is written to two files, the secret one private, and never over a file", "[bus][keys]") {
  TempDir dir;
  const CurveKeyPair pair = key_pair();
  const std::string secret = (dir.path() / "worker.secret").string();
  const std::string public_path = (dir.path() / "worker.public").string();
  REQUIRE(write_key_pair_files(pair, secret, public_path).ok());
  CHECK(read_file(secret) == pair.secret_key + "\n");
  CHECK(read_file(public_path) == pair.public_key + "\n");
  CHECK(mode_of(secret) == 0600);
  CHECK(read_key_file(secret).value() == pair.secret_key);
  CHECK(read_allowed_keys_file(public_path).value() == std::vector<std::string>{pair.public_key});

  const CurveKeyPair other = key_pair();
  auto again = write_key_pair_files(other, secret, (dir.path() / "other.public").string());
  REQUIRE_FALSE(again.ok());
  CHECK_THAT(again.error().message, Catch::StartsWith(secret) && Catch::Contains("already exists"));
  CHECK(read_file(secret) == pair.secret_key + "\n");
  CHECK_FALSE(std::filesystem::exists(dir.path() / "other.public"));

  // The public file is taken: the secret one just written is removed again.
  const std::string new_secret = (dir.path() / "new.secret").string();
  REQUIRE_FALSE(write_key_pair_files(other, new_secret, public_path).ok());
  CHECK_FALSE(std::filesystem::exists(new_secret));
  CHECK(read_file(public_path) == pair.public_key + "\n");
}
