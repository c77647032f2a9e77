// Starting, watching and reaping the stack's programs (see process.h).
#include "process.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "files.h"

extern char** environ;

namespace tagwire::e2e {
namespace {

std::string last_lines(const std::string& text, std::size_t count) {
  std::size_t start = text.size();
  std::size_t seen = 0;
  while (start > 0 && seen <= count) {
    --start;
    if (text[start] == '\n') ++seen;
  }
  return text.substr(start);
}

// Everything the child needs, built before fork(): after it only
// async-signal-safe calls are allowed (the test binary has threads).
struct ExecImage {
  std::vector<std::string> argv_storage;
  std::vector<std::string> env_storage;
  std::vector<char*> argv;
  std::vector<char*> envp;
};

ExecImage exec_image(const ProcessSpec& spec) {
  ExecImage image;
  image.argv_storage.push_back(spec.binary.string());
  for (const auto& arg : spec.args) image.argv_storage.push_back(arg);
  for (char** e = environ; *e != nullptr; ++e) image.env_storage.emplace_back(*e);
  for (const auto& e : spec.extra_env) image.env_storage.push_back(e);
  for (auto& s : image.argv_storage) image.argv.push_back(s.data());
  image.argv.push_back(nullptr);
  for (auto& s : image.env_storage) image.envp.push_back(s.data());
  image.envp.push_back(nullptr);
  return image;
}

[[noreturn]] void exec_child(const ExecImage& image, const char* out_path, const char* err_path, pid_t parent) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(126);  // the test died before prctl took effect
  const int in = open("/dev/null", O_RDONLY);
  const int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (in < 0 || out < 0 || err < 0) _exit(125);
  dup2(in, 0);
  dup2(out, 1);
  dup2(err, 2);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execve(image.argv[0], image.argv.data(), image.envp.data());
  static const char message[] = "exec failed\n";
  (void)!write(2, message, sizeof(message) - 1);
  _exit(127);
}

}  // namespace

Process::Process(ProcessSpec spec, const std::filesystem::path& log_dir)
    : spec_(std::move(spec)),
      stdout_path_(log_dir / (spec_.name + ".stdout")),
      stderr_path_(log_dir / (spec_.name + ".stderr")) {
  const ExecImage image = exec_image(spec_);
  const std::string out_path = stdout_path_.string();
  const std::string err_path = stderr_path_.string();
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid_ == 0) exec_child(image, out_path.c_str(), err_path.c_str(), parent);
}

Process::~Process() {
  if (!reaped_) terminate();
}

bool Process::reap(bool block) {
  if (reaped_) return true;
  int status = 0;
  const pid_t done = waitpid(pid_, &status, block ? 0 : WNOHANG);
  if (done == pid_) {
    reaped_ = true;
    wait_status_ = status;
  }
  return reaped_;
}

bool Process::running() { return !reap(false); }

std::optional<std::string> Process::wait_for_line(std::string_view prefix, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    // Read before checking for exit, so a line written just before exiting is seen.
    const bool exited = !running();
    std::istringstream lines(stdout_text());
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind(prefix, 0) == 0 && !lines.eof()) return line;
    }
    if (exited || std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::optional<int> Process::terminate(std::chrono::milliseconds grace) {
  if (reap(false)) return wait_status_;
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    if (reap(false)) return wait_status_;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::cerr << "e2e: " << spec_.name << " (pid " << pid_ << ") ignored SIGTERM for " << grace.count()
            << " ms; killing it\n";
  kill9();
  return std::nullopt;
}

void Process::kill9() {
  if (reap(false)) return;
  kill(pid_, SIGKILL);
  reap(true);
}

std::string Process::stdout_text() const { return testing::read_file(stdout_path_); }
std::string Process::stderr_text() const { return testing::read_file(stderr_path_); }

std::string Process::output_tail(std::size_t lines) const {
  return spec_.name + " stdout:\n" + last_lines(stdout_text(), lines) + "\n" + spec_.name + " stderr:\n" +
         last_lines(stderr_text(), lines);
}

std::map<std::string, std::string> line_fields(std::string_view line) {
  std::map<std::string, std::string> fields;
  std::istringstream words{std::string(line)};
  for (std::string word; words >> word;) {
    const auto equals = word.find('=');
    if (equals != std::string::npos) fields[word.substr(0, equals)] = word.substr(equals + 1);
  }
  return fields;
}

int port_of(std::string_view address) {
  const auto colon = address.rfind(':');
  if (colon == std::string_view::npos) return 0;
  int port = 0;
  for (char c : address.substr(colon + 1)) {
    if (c < '0' || c > '9') return 0;
    port = port * 10 + (c - '0');
  }
  return port;
}

ScratchDir::ScratchDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "tagwire-e2e-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  if (std::getenv("TAGWIRE_E2E_KEEP") != nullptr) {
    std::cerr << "e2e: kept " << path_ << "\n";
    return;
  }
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace tagwire::e2e
