// tagwire-static: a small static file server for the sample site. Query strings
// are ignored (page.html?n=17 serves page.html), which the cold benchmarks rely
// on to make every URL new to the caches while the bytes stay the same.
#include <httplib.h>

#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>

#include "tagwire/common/flags.h"

namespace {

struct StaticConfig {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port
  std::string root = "deploy/sample-site";
  int threads = 8;
};

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
  flags.add_string("root", &config.root, "folder to serve");
  flags.add_int("threads", &config.threads, "worker threads", 1, 1024);
  std::vector<std::string> positional;
  if (auto code = flags.parse_for_main(argc, argv, tagwire::process_env, positional, std::cout, std::cerr)) {
    return *code;
  }

  httplib::Server server;
  std::thread signal_waiter = stop_on_signals(server);
  signal_waiter.detach();
  if (!server.set_mount_point("/", config.root)) {
    std::cerr << "tagwire-static: cannot serve '" << config.root << "': not a folder\n";
    return 1;
  }
  server.set_tcp_nodelay(true);
  const int threads = config.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };

  int port = config.port;
  if (port == 0) {
    port = server.bind_to_any_port(config.host);
  } else if (!server.bind_to_port(config.host, port)) {
    port = -1;
  }
  if (port < 0) {
    std::cerr << "tagwire-static: cannot listen on " << config.host << ":" << config.port << "\n";
    return 1;
  }
  std::printf("listening http=%s:%d root=%s\n", config.host.c_str(), port, config.root.c_str());
  std::fflush(stdout);
  server.listen_after_bind();
  return 0;
}
