// A cpp-httplib server on a loopback address and an ephemeral port, serving
// the pages the fetcher tests need. Starts in the constructor (returns once
// it accepts connections) and stops in the destructor.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>

namespace tagwire::compute::testing {

inline const std::string kPage =
    "<!doctype html><html><head><title>Test page</title></head><body><p>Hello.</p></body></html>";

// 91 bytes: "<html><head><title>Zipped</title></head><body><p>compressed article
// text</p></body></html>" compressed with `gzip -9 -n`.
inline const unsigned char kGzipPage[] = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x25, 0x8c, 0x41, 0x0a, 0xc0, 0x20, 0x0c, 0x04, 0xbf,
    0xe2, 0x0f, 0xf2, 0x81, 0x25, 0x0f, 0xe9, 0xcd, 0x9a, 0x05, 0x05, 0xa5, 0x41, 0x73, 0x68, 0x7f, 0xdf, 0x52, 0x8f,
    0xc3, 0x0c, 0x83, 0x1a, 0xa3, 0x2b, 0x2a, 0xb3, 0x29, 0xa2, 0x45, 0xa7, 0x1e, 0xcd, 0x9d, 0x06, 0xd9, 0x04, 0xd9,
    0xee, 0xbc, 0xec, 0x51, 0xb8, 0x96, 0x6b, 0xf8, 0xe4, 0x5a, 0xb4, 0x94, 0x67, 0xb4, 0xd2, 0x99, 0x82, 0x77, 0x40,
    0xfc, 0x4b, 0x77, 0x24, 0xff, 0xf3, 0x05, 0x0c, 0x5f, 0x02, 0x0c, 0x5a, 0x00, 0x00, 0x00};
inline const std::string kGzipPageText =
    "<html><head><title>Zipped</title></head><body><p>compressed article text</p></body></html>";

constexpr std::size_t kSixMegabytes = 6 * 1024 * 1024;

// 64 KB of pseudo-random bytes, the same on every run: an image or archive
// as a misconfigured server sends it.
inline std::string random_body() {
  std::string body(64 * 1024, '\0');
  std::uint32_t state = 2463534242u;  // xorshift32
  for (char& c : body) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    c = static_cast<char>(state & 0xFF);
  }
  return body;
}

class TestSite {
 public:
  // `redirect_target` is where /elsewhere redirects to (a URL on another site).
  explicit TestSite(std::string address = "127.0.0.1", std::string redirect_target = "")
      : address_(std::move(address)), redirect_target_(std::move(redirect_target)) {
    add_routes();
    port_ = server_.bind_to_any_port(address_);
    if (port_ <= 0) throw std::runtime_error("test site could not bind " + address_);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!server_.is_running() && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  ~TestSite() {
    stopping_ = true;
    server_.stop();
    thread_.join();
  }

  TestSite(const TestSite&) = delete;
  TestSite& operator=(const TestSite&) = delete;

  std::string url(const std::string& path) const {
    return "http://" + address_ + ":" + std::to_string(port_) + path;
  }
  int port() const { return port_; }

 private:
  void add_routes() {
    server_.Get("/page", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(kPage, "text/html; charset=utf-8");
    });
    server_.Get("/user-agent", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("<p>" + req.get_header_value("User-Agent") + "</p>", "text/html");
    });
    server_.Get(R"(/redirect/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
      const int hops = std::stoi(req.matches[1]);
      if (hops == 0) return res.set_content(kPage, "text/html");
      res.set_redirect("/redirect/" + std::to_string(hops - 1));
    });
    server_.Get("/elsewhere", [this](const httplib::Request&, httplib::Response& res) {
      res.set_redirect(redirect_target_);
    });
    server_.Get(R"(/status/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
      res.status = std::stoi(req.matches[1]);
      res.set_content("<p>error page</p>", "text/html");
    });
    server_.Get("/report.pdf", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n", "application/pdf");
    });
    // Binary data served as HTML; /binary?charset=utf-16 declares UTF-16.
    server_.Get("/binary", [](const httplib::Request& req, httplib::Response& res) {
      const std::string charset = req.get_param_value("charset");
      res.set_content(random_body(), charset.empty() ? "text/html" : "text/html; charset=" + charset);
    });
    server_.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<html>" + std::string(kSixMegabytes, 'a'), "text/html");
    });
    server_.Get("/big-chunked", [](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("text/html", [sent = std::size_t{0}](std::size_t, httplib::DataSink& sink) mutable {
        if (sent >= kSixMegabytes) {
          sink.done();
          return true;
        }
        const std::string chunk = sent == 0 ? "<html>" + std::string(65536 - 6, 'a') : std::string(65536, 'a');
        sent += chunk.size();
        return sink.write(chunk.data(), chunk.size());
      });
    });
    server_.Get("/gzip", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(reinterpret_cast<const char*>(kGzipPage), sizeof kGzipPage, "text/html");
    });
    server_.Get("/latin1", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<html><body><p>caf\xE9 cr\xE8me</p></body></html>", "text/html; charset=ISO-8859-1");
    });
    // cpp-httplib sends text/plain for a body without a type; an empty
    // Content-Type is the closest it comes to none, and libcurl reports it as none.
    server_.Get("/untyped-html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("\n  <html><body><p>no header</p></body></html>", "");
    });
    server_.Get("/untyped-text", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("plain words, no markup", "");
    });
    // Megabytes of white space without a Content-Type, in 16 KB chunks, then
    // (unless ?then=nothing) an HTML page: a sniffer must wait through it all.
    server_.Get("/untyped-spaced", [](const httplib::Request& req, httplib::Response& res) {
      const bool page_follows = req.get_param_value("then") != "nothing";
      res.set_chunked_content_provider("", [page_follows, sent = std::size_t{0}](std::size_t, httplib::DataSink& sink) mutable {
        constexpr std::size_t kSpaces = 4 * 1024 * 1024;
        if (sent >= kSpaces) {
          if (page_follows) sink.write(kPage.data(), kPage.size());
          sink.done();
          return true;
        }
        const std::string chunk(16 * 1024, sent % 2 == 0 ? ' ' : '\n');
        sent += chunk.size();
        return sink.write(chunk.data(), chunk.size());
      });
    });
    // /slow?ms=N answers after N ms (3000 by default); ends early when the site stops.
    server_.Get("/slow", [this](const httplib::Request& req, httplib::Response& res) {
      const int ms = req.has_param("ms") ? std::stoi(req.get_param_value("ms")) : 3000;
      const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
      while (!stopping_ && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      res.set_content(kPage, "text/html");
    });
  }

  std::string address_;
  std::string redirect_target_;
  httplib::Server server_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace tagwire::compute::testing
