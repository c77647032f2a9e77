// read_file: a whole file's bytes, for tests that compare or parse what a
// program wrote or feed a corpus page to the code under test.
//
// Binary-safe (no newline translation). A file that cannot be opened reads as
// the empty string: callers that need content check for it (REQUIRE_FALSE(
// bytes.empty())), and a log file not yet written is simply empty.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace tagwire::testing {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace tagwire::testing
