// Reading and writing the bus's key files (see key_files.h).
#include "tagwire/bus/key_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

namespace tagwire::bus {
namespace {

constexpr std::string_view kWhitespace = " \t\r\n\f\v";

Error file_error(const std::string& path, const std::string& reason) {
  return Error::make(ErrorKind::kBadRequest, path + ": " + reason);
}

Error errno_error(const std::string& path, const char* doing) {
  return file_error(path, std::string(doing) + ": " + std::strerror(errno));
}

// Closes a descriptor when it goes out of scope.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Result<std::string> read_whole_file(const std::string& path) {
  const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) return errno_error(path, "cannot be read");
  struct stat info {};
  if (::fstat(file.get(), &info) != 0) return errno_error(path, "cannot be read");
  if (!S_ISREG(info.st_mode)) return file_error(path, "is not a regular file");
  std::string content;
  char buffer[4096];
  for (;;) {
    const ssize_t got = ::read(file.get(), buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return errno_error(path, "cannot be read");
    if (got == 0) return content;
    content.append(buffer, static_cast<std::size_t>(got));
    if (content.size() > kMaxKeyFileBytes) return file_error(path, "is larger than 1 MiB");
  }
}

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(kWhitespace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kWhitespace) - first + 1);
}

// Writes the bytes the file must hold; the caller removes it if this fails.
Status fill_new_file(const std::string& path, int fd, std::string_view rest, mode_t mode) {
  // The umask may have taken bits away; the secret file must be exactly 0600.
  if (::fchmod(fd, mode) != 0) return errno_error(path, "cannot set its mode");
  while (!rest.empty()) {
    const ssize_t wrote = ::write(fd, rest.data(), rest.size());
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) return errno_error(path, "cannot be written");
    rest.remove_prefix(static_cast<std::size_t>(wrote));
  }
  if (::fsync(fd) != 0) return errno_error(path, "cannot be written");
  return Ok{};
}

// Creates `path`, which must not exist, holding `line`; on failure nothing is left behind.
Status write_new_file(const std::string& path, const std::string& line, mode_t mode) {
  Status filled = Ok{};
  {
    const FileDescriptor file(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
    if (file.get() < 0 && errno == EEXIST) return file_error(path, "already exists; not overwritten");
    if (file.get() < 0) return errno_error(path, "cannot be created");
    filled = fill_new_file(path, file.get(), line, mode);
  }
  if (!filled) ::unlink(path.c_str());
  return filled;
}

}  // namespace

Result<std::string> read_key_file(const std::string& path) {
  auto content = read_whole_file(path);
  if (!content) return content.error();
  const std::string_view key = trimmed(*content);
  if (!is_z85_key(key)) {
    return file_error(path, "does not hold a 40-character Z85 CURVE key (tagwire-bus-keys --secret-file writes one)");
  }
  return std::string(key);
}

Result<std::vector<std::string>> read_allowed_keys_file(const std::string& path) {
  auto content = read_whole_file(path);
  if (!content) return content.error();
  std::vector<std::string> keys;
  std::string_view rest = *content;
  for (int number = 1; !rest.empty(); ++number) {
    const auto end = rest.find('\n');
    const std::string_view line = trimmed(rest.substr(0, end));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    if (line.empty() || line.starts_with('#')) continue;
    const auto key_end = line.find_first_of(kWhitespace);
    const std::string_view key = line.substr(0, key_end);
    const std::string_view after = key_end == std::string_view::npos ? "" : trimmed(line.substr(key_end));
    if (!is_z85_key(key) || !(after.empty() || after.starts_with('#'))) {
      return file_error(path, "line " + std::to_string(number) +
                                  ": not a 40-character Z85 public key (comments start with '#')");
    }
    keys.emplace_back(key);
  }
  if (keys.empty()) return file_error(path, "holds no keys, so no worker could connect");
  return keys;
}

Status write_key_pair_files(const CurveKeyPair& pair, const std::string& secret_path, const std::string& public_path) {
  if (auto secret = write_new_file(secret_path, pair.secret_key + "\n", 0600); !secret) return secret;
  if (auto public_file = write_new_file(public_path, pair.public_key + "\n", 0644); !public_file) {
    ::unlink(secret_path.c_str());
    return public_file;
  }
  return Ok{};
}

}  // namespace tagwire::bus
