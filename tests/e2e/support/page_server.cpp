// The scripted page server of the end-to-end tests (see page_server.h).
#include "page_server.h"

#include <stdexcept>

namespace tagwire::e2e {

PageServer::PageServer() {
  // Slow and gate pages hold a thread each; the default pool (8) is too small.
  server_.new_task_queue = [] { return new httplib::ThreadPool(96); };
  server_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); });
  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("page server: cannot bind 127.0.0.1:0");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

PageServer::~PageServer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  server_.stop();
  thread_.join();
}

std::string PageServer::url(std::string_view path_and_query) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path_and_query);
}

void PageServer::add_page(const std::string& path, std::string body, std::string content_type, int status) {
  std::lock_guard lock(mutex_);
  pages_[path] = Page{Kind::kPlain, std::move(body), std::move(content_type), status, {}, false, 0};
}

void PageServer::add_slow_page(const std::string& path, std::string body, std::chrono::milliseconds delay) {
  std::lock_guard lock(mutex_);
  pages_[path] = Page{Kind::kSlow, std::move(body), "text/html; charset=utf-8", 200, delay, false, 0};
}

void PageServer::add_gate_page(const std::string& path, std::string body, std::chrono::milliseconds gate_limit) {
  std::lock_guard lock(mutex_);
  pages_[path] = Page{Kind::kGate, std::move(body), "text/html; charset=utf-8", 200, gate_limit, false, 0};
}

void PageServer::open_gate(const std::string& path) {
  {
    std::lock_guard lock(mutex_);
    pages_.at(path).gate_open = true;
  }
  changed_.notify_all();
}

std::size_t PageServer::hits(const std::string& path) const {
  std::lock_guard lock(mutex_);
  const auto found = pages_.find(path);
  return found == pages_.end() ? 0 : found->second.hits;
}

void PageServer::handle(const httplib::Request& req, httplib::Response& res) {
  std::unique_lock lock(mutex_);
  const auto found = pages_.find(req.path);
  if (found == pages_.end()) {
    res.status = 404;
    res.set_content("<html><body><p>no such page</p></body></html>", "text/html");
    return;
  }
  Page& page = found->second;
  ++page.hits;
  if (page.kind == Kind::kSlow) {
    changed_.wait_for(lock, page.wait, [this] { return stopping_; });
  } else if (page.kind == Kind::kGate) {
    changed_.wait_for(lock, page.wait, [this, &page] { return stopping_ || page.gate_open; });
  }
  res.status = page.status;
  res.set_content(page.body, page.content_type.c_str());
}

std::string article_page(std::string_view title, std::string_view keywords, std::string_view topic) {
  const std::string t(topic);
  std::string html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + std::string(title) +
                     "</title><meta name=\"keywords\" content=\"" + std::string(keywords) +
                     "\"></head><body><article><h1>" + std::string(title) + "</h1>";
  const char* sentences[] = {
      "Teams that plan their week around %s find that the work moves faster and with fewer surprises.",
      "A good agenda keeps %s short, focused and useful for everyone who attends.",
      "Managers often underestimate how much time %s take from the people who make things.",
      "Writing decisions down after %s means nobody has to remember who promised what.",
      "When %s run long, the cost is counted in lost afternoons rather than in minutes."};
  for (int paragraph = 0; paragraph < 4; ++paragraph) {
    html += "<p>";
    for (const char* sentence : sentences) {
      std::string s(sentence);
      s.replace(s.find("%s"), 2, t);
      html += s + " ";
    }
    html += "</p>";
  }
  html += "</article></body></html>";
  return html;
}

std::string large_page(std::size_t bytes) {
  std::string html = "<!doctype html><html><head><title>A very long page</title></head><body><article>";
  const std::string sentence =
      "<p>The river carried timber from the northern forests to the sawmills of the coastal towns, "
      "where carpenters built boats, barns and bridges for the growing villages.</p>\n";
  while (html.size() < bytes) html += sentence;
  html += "</article></body></html>";
  return html;
}

}  // namespace tagwire::e2e
