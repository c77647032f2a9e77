// The engine's command-line tools as processes: what they say when an input
// cannot be read, and their exit codes.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "files.h"
#include "temp_dir.h"

using tagwire::testing::read_file;
using tagwire::testing::TempDir;

namespace {

const std::string kTools = TAGWIRE_BINARY_DIR "/compute-service/tools/";

struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `command` (a shell line) with its output in files of `dir`.
Run run(const std::string& command, const TempDir& dir) {
  const auto out = dir.path() / "stdout";
  const auto err = dir.path() / "stderr";
  const int status = std::system((command + " >" + out.string() + " 2>" + err.string()).c_str());
  Run result;
  if (status != -1 && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
}

void write(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace

TEST_CASE("tagwire-tag says why a page cannot be read", "[tools][integration]") {
  TempDir dir;
  const Run missing = run(kTools + "tagwire-tag " + (dir.path() / "absent.html").string(), dir);
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Catch::Contains("absent.html: No such file or directory"));
  const Run missing_jsonl = run(kTools + "tagwire-tag --jsonl " + (dir.path() / "absent.jsonl").string(), dir);
  CHECK(missing_jsonl.exit_code == 1);
  CHECK_THAT(missing_jsonl.err, Catch::Contains("absent.jsonl: No such file or directory"));
}

TEST_CASE("tagwire-tag --jsonl prints the good lines, counts the bad ones and exits 1", "[tools][integration]") {
  TempDir dir;
  const auto input = dir.path() / "docs.jsonl";
  write(input,
        "{\"id\": 1, \"title\": \"Honey bees\", \"text\": \"Honey bees make honey in the hive.\"}\n"
        "not json\n"
        "\n"
        "[1, 2]\n"
        "{\"id\": 2, \"title\": \"Bread\", \"text\": \"A sourdough starter leavens bread.\"}\n");
  const Run result = run(kTools + "tagwire-tag --jsonl " + input.string(), dir);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::Contains("{\"id\":1,"));
  CHECK_THAT(result.out, Catch::Contains("{\"id\":2,"));
  CHECK_THAT(result.err, Catch::Contains("docs.jsonl:2: not a JSON object, skipped"));
  CHECK_THAT(result.err, Catch::Contains("docs.jsonl:4: not a JSON object, skipped"));
  CHECK_THAT(result.err, Catch::Contains("2 of 4 lines were not JSON objects and were skipped"));
}

TEST_CASE("tagwire-tag --jsonl exits 0 when every line is a document", "[tools][integration]") {
  TempDir dir;
  const auto input = dir.path() / "docs.jsonl";
  write(input, "{\"id\": 1, \"title\": \"Honey bees\", \"text\": \"Honey bees make honey.\"}\n\n");
  const Run result = run(kTools + "tagwire-tag --jsonl " + input.string(), dir);
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
}

TEST_CASE("tagwire-bench-engine fails on a page it cannot read instead of timing it as empty", "[tools][integration]") {
  TempDir dir;
  std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                               std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                               std::filesystem::perms::others_exec);
  write(dir.path() / "a-readable.html", "<html><head><title>A</title></head><body><p>Bees.</p></body></html>");
  const auto locked = dir.path() / "b-locked.html";
  write(locked, "<html><body><p>Locked away.</p></body></html>");
  std::filesystem::permissions(locked, std::filesystem::perms::none);
  // Root reads any file whatever its mode, so as root the tool runs as nobody.
  std::string as_user;
  if (::geteuid() == 0) {
    if (std::system("command -v setpriv >/dev/null 2>&1") != 0) {
      WARN("skipped: running as root without setpriv, a locked file cannot be made unreadable");
      return;
    }
    as_user = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
  }
  const Run result = run(as_user + kTools + "tagwire-bench-engine --rounds 1 --warmup 0 " + dir.path().string(), dir);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::Contains("cannot read " + locked.string() + ": Permission denied"));
  CHECK_THAT(result.out, !Catch::Contains("engine_pages_per_s="));
}
