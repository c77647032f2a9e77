// PageServer: the web the workers fetch from in the end-to-end tests, an
// in-process HTTP server on 127.0.0.1 (a free port) whose pages each test
// scripts: plain pages with any status and content type, slow pages, and gate
// pages that hold every response until the test opens the gate.
//
// Paths are matched without the query string, so "/a.html?n=1" and
// "/a.html?n=2" are one page (two URLs to the stack's caches). Unknown paths
// answer 404. Every request is counted per path on arrival.
//
// Slow and gate pages wait on a condition variable, not in sleep(): the
// destructor wakes them, so stopping never waits for a page's delay. A gate
// also opens by itself after `gate_limit` as a safety net against a test that
// never opens it.
// Thread safety: every method may be called from any thread.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace tagwire::e2e {

class PageServer {
 public:
  PageServer();
  ~PageServer();
  PageServer(const PageServer&) = delete;
  PageServer& operator=(const PageServer&) = delete;

  int port() const { return port_; }
  // "http://127.0.0.1:PORT" + path_and_query
  std::string url(std::string_view path_and_query) const;

  void add_page(const std::string& path, std::string body, std::string content_type = "text/html; charset=utf-8",
                int status = 200);
  // Answers after `delay` (or at once when the server stops).
  void add_slow_page(const std::string& path, std::string body, std::chrono::milliseconds delay);
  // Holds every response until open_gate(path), the server stops, or `gate_limit` passes.
  void add_gate_page(const std::string& path, std::string body,
                     std::chrono::milliseconds gate_limit = std::chrono::seconds(60));
  void open_gate(const std::string& path);

  // Requests that arrived for `path` (any query string).
  std::size_t hits(const std::string& path) const;

 private:
  enum class Kind { kPlain, kSlow, kGate };
  struct Page {
    Kind kind = Kind::kPlain;
    std::string body;
    std::string content_type;
    int status = 200;
    std::chrono::milliseconds wait{0};
    bool gate_open = false;
    std::size_t hits = 0;
  };

  void handle(const httplib::Request& req, httplib::Response& res);

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool stopping_ = false;
  std::map<std::string, Page> pages_;
};

// A small article page whose meta keywords declare `keywords` (comma-separated)
// and whose body talks about `topic`, so the engine has text to tag.
std::string article_page(std::string_view title, std::string_view keywords, std::string_view topic);

// An HTML page of about `bytes` bytes (a long article of repeated sentences).
std::string large_page(std::size_t bytes);

}  // namespace tagwire::e2e
