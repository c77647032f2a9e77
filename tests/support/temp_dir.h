// TempDir: a fresh directory under the system temp dir for one test, removed
// with everything in it when the TempDir goes out of scope.
//
// The directory exists once the constructor returns; mkdtemp picks a name no
// other test (or process) holds, so tests run in parallel. A directory that
// cannot be created throws std::system_error, which fails the test. Removal
// ignores errors: a test never fails for its cleanup.
// Thread safety: one thread per TempDir.
#pragma once

#include <stdlib.h>

#include <cerrno>
#include <filesystem>
#include <string>
#include <system_error>

namespace tagwire::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tagwire-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::system_error(errno, std::generic_category(), "mkdtemp");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace tagwire::testing
