// tagwire-static: serves a folder of static files (the sample site) for the
// local stack, the tests and the benchmarks.
//
// Files are read once at start-up and served from memory. Query strings are
// ignored (page.html?n=17 serves page.html), which the cold benchmarks rely on
// to make every URL new to the caches while the bytes stay the same. Answers
// are never compressed: Debian's cpp-httplib compresses bodies with brotli on
// the fly when a client accepts it, which took 260–580 ms for a 140 KB page
// here (2–7 ms plain), so the server would measure its compressor, not tagwire.
#include <httplib.h>
#include <pthread.h>
#include <sys/socket.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "tagwire/common/flags.h"
#include "tagwire/common/listen_socket.h"

namespace {

struct StaticConfig {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free one
  std::string root = "deploy/sample-site";
  int threads = 8;
  int listen_backlog = 4096;
};

struct StaticFile {
  std::string content_type;
  std::string bytes;
};

// "/" + the path relative to root → file; "/dir/" also answers as "/dir/index.html".
using SiteFiles = std::map<std::string, std::shared_ptr<const StaticFile>>;

const char* content_type_of(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".html" || ext == ".htm") return "text/html";  // no charset: pages declare their own
  if (ext == ".css") return "text/css";
  if (ext == ".js") return "application/javascript";
  if (ext == ".json") return "application/json";
  if (ext == ".txt" || ext == ".md") return "text/plain; charset=utf-8";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".pdf") return "application/pdf";
  return "application/octet-stream";
}

bool load_site(const std::filesystem::path& root, SiteFiles& files, std::string& error) {
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    error = "'" + root.string() + "' is not a folder";
    return false;
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root, ec)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    auto file = std::make_shared<const StaticFile>(StaticFile{content_type_of(entry.path()), bytes.str()});
    const std::string url_path = "/" + std::filesystem::relative(entry.path(), root).generic_string();
    files[url_path] = file;
    if (entry.path().filename() == "index.html") {
      files[url_path.substr(0, url_path.size() - std::string("index.html").size())] = file;
    }
  }
  if (ec) {
    error = "cannot read '" + root.string() + "': " + ec.message();
    return false;
  }
  return true;
}

// A fixed-length content provider: cpp-httplib sends it as is, uncompressed.
void serve_file(const std::shared_ptr<const StaticFile>& file, httplib::Response& res) {
  res.set_content_provider(file->bytes.size(), file->content_type,
                           [file](size_t offset, size_t length, httplib::DataSink& sink) {
                             return sink.write(file->bytes.data() + offset, length);
                           });
}

// Blocks SIGINT/SIGTERM in every thread and stops the server from a thread that
// waits for them, so no work happens inside a signal handler.
std::thread stop_on_signals(httplib::Server& server) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return std::thread([&server, set] {
    int signal = 0;
    sigwait(&set, &signal);
    server.stop();
  });
}

}  // namespace

int main(int argc, char** argv) {
  StaticConfig config;
  tagwire::FlagSet flags("tagwire-static", "Serves a folder of static files over HTTP (the sample site).");
  flags.add_string("host", &config.host, "address to listen on");
  flags.add_int("port", &config.port, "TCP port; 0 picks a free one", 0, 65535);
  flags.add_string("root", &config.root, "folder to serve (read once at start)");
  flags.add_int("threads", &config.threads, "worker threads", 1, 1024);
  flags.add_int("listen-backlog", &config.listen_backlog, "accept queue asked of listen()", 1, 65535);
  std::vector<std::string> positional;
  if (auto code = flags.parse_for_main(argc, argv, tagwire::process_env, positional, std::cout, std::cerr)) {
    return *code;
  }

  SiteFiles files;
  if (std::string error; !load_site(config.root, files, error)) {
    std::cerr << "tagwire-static: " << error << "\n";
    return 1;
  }

  httplib::Server server;
  std::thread signal_waiter = stop_on_signals(server);
  signal_waiter.detach();
  server.Get(R"(/.*)", [&files](const httplib::Request& req, httplib::Response& res) {
    const auto found = files.find(req.path);
    if (found == files.end()) {
      res.status = 404;
      res.set_content("not found\n", "text/plain");
      return;
    }
    serve_file(found->second, res);
  });
  server.set_tcp_nodelay(true);
  int listening_fd = -1;
  server.set_socket_options([&listening_fd](int fd) {
    int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    listening_fd = fd;
  });
  const auto threads = static_cast<size_t>(config.threads);
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };

  const int port = config.port == 0 ? server.bind_to_any_port(config.host)
                                    : (server.bind_to_port(config.host, config.port) ? config.port : -1);
  if (port < 0) {
    std::cerr << "tagwire-static: cannot listen on " << config.host << ":" << config.port << "\n";
    return 1;
  }
  if (auto widened = tagwire::widen_listen_backlog(listening_fd, config.listen_backlog); !widened) {
    std::cerr << "tagwire-static: " << widened.error().message << "\n";
    return 1;
  }
  std::printf("listening http=%s:%d root=%s files=%zu\n", config.host.c_str(), port, config.root.c_str(),
              files.size());
  std::fflush(stdout);
  server.listen_after_bind();
  return 0;
}
