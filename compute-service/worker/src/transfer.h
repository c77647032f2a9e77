// One fetch while libcurl works on it: the configured easy handle, its write
// and open-socket callbacks, and the translation of curl's outcome into a
// FetchResult. Owned and used by the fetcher's driver thread only.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "tagwire/compute/address_policy.h"
#include "tagwire/compute/content_type.h"
#include "tagwire/compute/fetcher.h"

namespace tagwire::compute {

using Clock = std::chrono::steady_clock;

// Whole milliseconds from `from` to `to`, for the messages of failed fetches.
inline long elapsed_ms(Clock::time_point from, Clock::time_point to) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count());
}

struct FetchRequest {
  std::string url;
  std::string host;  // of `url`; the per-host limit counts against it
  Clock::time_point deadline;
  Fetcher::Done done;
};

class Transfer {
 public:
  // `config` and `policy` must outlive the transfer.
  Transfer(FetchRequest request, const FetchConfig& config, const AddressPolicy& policy);
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  // Creates and configures the easy handle, ready to be added to a multi
  // handle; the timeout counts from `now`. Fails with kInternal when curl
  // refuses. Call once.
  Status configure(Clock::time_point now);

  CURL* handle() const { return easy_; }
  FetchRequest& request() { return request_; }
  // The `now` configure() was given.
  Clock::time_point started() const { return started_; }

  // The page or the error, once curl reports the transfer done with `code`.
  FetchResult outcome(CURLcode code, Clock::time_point now);

 private:
  enum class Abort { kNone, kStatus, kNotHtml, kTooLarge };

  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
  static curl_socket_t on_open_socket(void* self, curlsocktype purpose, curl_sockaddr* address);
  std::size_t take_body(const char* data, std::size_t bytes);
  HtmlSniff judge_html(std::string_view chunk);
  curl_socket_t open_socket(curlsocktype purpose, curl_sockaddr* address);

  std::string located(const std::string& cause) const;
  Error fail(ErrorKind kind, const std::string& cause) const;
  Error target_status_error() const;
  Error not_html_error() const;
  Error classify_curl_failure(CURLcode code, Clock::time_point now) const;
  long response_code() const;
  bool connect_timed_out() const;
  std::string content_type() const;
  std::string effective_url() const;
  std::string current_host() const;

  FetchRequest request_;
  const FetchConfig& config_;
  const AddressPolicy& policy_;
  CURL* easy_ = nullptr;
  Clock::time_point started_;
  long timeout_ms_ = 0;
  long connect_timeout_ms_ = 0;
  bool budget_bound_ = false;  // the caller's deadline, not total_timeout_ms, caps the transfer
  std::string body_;
  bool html_checked_ = false;  // the body is known to be HTML; no more checks
  HtmlSniffer sniffer_;        // fed only while the response has no Content-Type
  Abort abort_ = Abort::kNone;
  std::string refused_address_;  // the policy's reason for the last refused connect
  char curl_error_[CURL_ERROR_SIZE] = {};
};

}  // namespace tagwire::compute
