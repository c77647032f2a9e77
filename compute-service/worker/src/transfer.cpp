// One fetch on a libcurl easy handle: options, body and socket callbacks, and
// the mapping of curl's outcome onto DESIGN.md's error kinds.
//
// Invariant: when curl reports a write error, `abort_` says which check
// stopped the body; when it reports a failed connect and `refused_address_` is
// set, the address policy refused at least one address of the target.
#include "transfer.h"

#include <sys/socket.h>

#include <algorithm>

#include "tagwire/compute/content_type.h"
#include "url_host.h"

namespace tagwire::compute {
namespace {

template <typename Value>
bool set_option(CURL* easy, CURLoption option, Value value) {
  return curl_easy_setopt(easy, option, value) == CURLE_OK;
}

// Rounded up, so a transfer capped by the budget never times out before the deadline.
long remaining_ms(Clock::time_point now, Clock::time_point deadline) {
  const auto remaining = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
  return static_cast<long>(std::max<decltype(remaining)>(remaining, 0));
}

}  // namespace

Transfer::Transfer(FetchRequest request, const FetchConfig& config, const AddressPolicy& policy)
    : request_(std::move(request)), config_(config), policy_(policy) {}

Transfer::~Transfer() {
  if (easy_ != nullptr) curl_easy_cleanup(easy_);
}

Status Transfer::configure(Clock::time_point now) {
  easy_ = curl_easy_init();
  if (easy_ == nullptr) return Error::make(ErrorKind::kInternal, "curl_easy_init failed");
  started_ = now;
  const long budget_ms = remaining_ms(now, request_.deadline);
  budget_bound_ = budget_ms <= config_.total_timeout_ms;
  timeout_ms_ = std::max(1L, std::min(budget_ms, config_.total_timeout_ms));
  connect_timeout_ms_ = std::min(config_.connect_timeout_ms, timeout_ms_);
  const bool ok =
      set_option(easy_, CURLOPT_URL, request_.url.c_str()) && set_option(easy_, CURLOPT_PRIVATE, this) &&
      set_option(easy_, CURLOPT_ERRORBUFFER, curl_error_) && set_option(easy_, CURLOPT_NOSIGNAL, 1L) &&
      set_option(easy_, CURLOPT_PROTOCOLS_STR, "http,https") &&
      set_option(easy_, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") &&
      set_option(easy_, CURLOPT_FOLLOWLOCATION, 1L) &&
      set_option(easy_, CURLOPT_MAXREDIRS, config_.max_redirects) &&
      set_option(easy_, CURLOPT_TIMEOUT_MS, timeout_ms_) &&
      set_option(easy_, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms_) &&
      set_option(easy_, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(config_.max_body_bytes)) &&
      set_option(easy_, CURLOPT_ACCEPT_ENCODING, "") &&  // every decoding libcurl has (gzip, br, ...)
      set_option(easy_, CURLOPT_USERAGENT, config_.user_agent.c_str()) &&
      set_option(easy_, CURLOPT_PROXY, "") &&  // the address policy judges the target, never a proxy
      set_option(easy_, CURLOPT_WRITEFUNCTION, &Transfer::on_body) &&
      set_option(easy_, CURLOPT_WRITEDATA, this) &&
      set_option(easy_, CURLOPT_OPENSOCKETFUNCTION, &Transfer::on_open_socket) &&
      set_option(easy_, CURLOPT_OPENSOCKETDATA, this);
  if (!ok) return Error::make(ErrorKind::kInternal, "libcurl refused a fetch option for " + request_.url);
  return Ok{};
}

std::size_t Transfer::on_body(char* data, std::size_t size, std::size_t count, void* self) {
  return static_cast<Transfer*>(self)->take_body(data, size * count);
}

// Returning fewer bytes than offered makes curl stop with CURLE_WRITE_ERROR.
std::size_t Transfer::take_body(const char* data, std::size_t bytes) {
  const long status = response_code();
  if (status >= 300 && status < 400) return bytes;  // a redirect's own body is not the page
  if (status >= 400) {
    abort_ = Abort::kStatus;  // the error page is not wanted
    return 0;
  }
  if (body_.size() + bytes > config_.max_body_bytes) {
    abort_ = Abort::kTooLarge;
    return 0;
  }
  body_.append(data, bytes);
  if (!html_checked_) {
    const HtmlSniff verdict = judge_html(std::string_view(data, bytes));
    if (verdict == HtmlSniff::kNotHtml) {
      abort_ = Abort::kNotHtml;
      return 0;
    }
    html_checked_ = verdict == HtmlSniff::kHtml;
  }
  return bytes;
}

// By the header when there is one; else by the body's start, fed to the
// sniffer chunk by chunk so each byte is looked at once. Rescanning the whole
// body on every chunk took 3.9 s for 4 MB of white space, against 0.04 s now
// (`tests-compute -d yes "a page without Content-Type is judged after
// megabytes of white space"`, release build on the shared 2-core machine).
HtmlSniff Transfer::judge_html(std::string_view chunk) {
  const std::string type = content_type();
  if (type.empty()) return sniffer_.add(chunk);
  return is_html_content_type(type) ? HtmlSniff::kHtml : HtmlSniff::kNotHtml;
}

curl_socket_t Transfer::on_open_socket(void* self, curlsocktype purpose, curl_sockaddr* address) {
  return static_cast<Transfer*>(self)->open_socket(purpose, address);
}

// Called after DNS for every address curl tries, including on redirects; the
// effective URL is already the redirect target here, so its host is the one
// a host-name exception is judged against.
curl_socket_t Transfer::open_socket(curlsocktype purpose, curl_sockaddr* address) {
  if (purpose == CURLSOCKTYPE_IPCXN) {
    const auto ip = ip_from_sockaddr(&address->addr);
    if (!ip) {
      refused_address_ = "the target's address is not an IP address";
      return CURL_SOCKET_BAD;
    }
    if (auto reason = policy_.refusal(*ip, current_host())) {
      refused_address_ = std::move(*reason);
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

FetchResult Transfer::outcome(CURLcode code, Clock::time_point now) {
  if (code != CURLE_OK) return classify_curl_failure(code, now);
  const long status = response_code();
  if (status < 200 || status >= 300) return target_status_error();
  const std::string type = content_type();
  // Without a header the sniffer has seen the whole body, chunk by chunk.
  const bool html = !type.empty() ? is_html_content_type(type) : sniffer_.verdict() == HtmlSniff::kHtml;
  if (!html) return not_html_error();
  return FetchedPage{effective_url(), type, std::move(body_), static_cast<int>(status)};
}

Error Transfer::classify_curl_failure(CURLcode code, Clock::time_point now) const {
  const std::string detail = curl_error_[0] != '\0' ? curl_error_ : curl_easy_strerror(code);
  if (code == CURLE_WRITE_ERROR && abort_ == Abort::kStatus) return target_status_error();
  if (code == CURLE_WRITE_ERROR && abort_ == Abort::kNotHtml) return not_html_error();
  const std::string cap = std::to_string(config_.max_body_bytes);
  if (code == CURLE_WRITE_ERROR && abort_ == Abort::kTooLarge) {
    return fail(ErrorKind::kTooLarge, "is larger than the " + cap + "-byte cap");
  }
  switch (code) {
    case CURLE_FILESIZE_EXCEEDED:
      return fail(ErrorKind::kTooLarge, "declares a body larger than the " + cap + "-byte cap");
    case CURLE_COULDNT_CONNECT:
      if (!refused_address_.empty()) return fail(ErrorKind::kBlockedAddress, refused_address_);
      return fail(ErrorKind::kTargetUnreachable, "could not connect: " + detail);
    case CURLE_COULDNT_RESOLVE_HOST:
      return fail(ErrorKind::kTargetUnreachable, "could not resolve host '" + current_host() + "': " + detail);
    case CURLE_OPERATION_TIMEDOUT:
      // Which limit fired is known from the phase, not from the clock: libcurl
      // rounds elapsed time up and may fire up to a millisecond before our deadline.
      if (budget_bound_ && !connect_timed_out()) {
        return fail(ErrorKind::kDeadline, "the job's budget ran out after " +
                                              std::to_string(elapsed_ms(started_, now)) + " ms of fetching");
      }
      return fail(ErrorKind::kTargetUnreachable, "timed out after " + std::to_string(elapsed_ms(started_, now)) + " ms");
    case CURLE_TOO_MANY_REDIRECTS:
      return fail(ErrorKind::kTargetUnreachable,
                  "redirected more than " + std::to_string(config_.max_redirects) + " times");
    case CURLE_UNSUPPORTED_PROTOCOL:
      return fail(ErrorKind::kTargetUnreachable, "redirected to a scheme other than http or https: " + detail);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
      return fail(ErrorKind::kTargetUnreachable, "TLS failure: " + detail);
    default:
      return fail(ErrorKind::kTargetUnreachable, detail);
  }
}

// "fetching <url> (redirected to <final url>): <cause>"
std::string Transfer::located(const std::string& cause) const {
  const std::string final_url = effective_url();
  std::string where = request_.url;
  if (!final_url.empty() && final_url != request_.url) where += " (redirected to " + final_url + ")";
  return "fetching " + where + ": " + cause;
}

Error Transfer::fail(ErrorKind kind, const std::string& cause) const { return Error::make(kind, located(cause)); }

// The message leads with the site's status, ahead of the URL, for the person
// reading the API's answer; target_status carries the same number for the
// API's choice of 422 or 502.
Error Transfer::target_status_error() const {
  const long status = response_code();
  const std::string answered = "answered HTTP " + std::to_string(status);
  return Error::target(static_cast<int>(status), "target " + answered + " (" + located(answered) + ")");
}

Error Transfer::not_html_error() const {
  const std::string type = content_type();
  return fail(ErrorKind::kNotHtml, type.empty() ? "has no Content-Type and does not start like HTML"
                                                : "is not HTML (Content-Type: " + type + ")");
}

// A connect timeout shorter than the whole transfer's fired: no connection was made.
bool Transfer::connect_timed_out() const {
  curl_off_t connect_us = 0;
  curl_easy_getinfo(easy_, CURLINFO_CONNECT_TIME_T, &connect_us);
  return connect_timeout_ms_ < timeout_ms_ && connect_us == 0;
}

long Transfer::response_code() const {
  long status = 0;
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

std::string Transfer::content_type() const {
  const char* type = nullptr;
  curl_easy_getinfo(easy_, CURLINFO_CONTENT_TYPE, &type);
  return type != nullptr ? type : "";
}

// The host of the URL curl is working on: after a redirect, the target's,
// not the requested one's.
std::string Transfer::current_host() const {
  const auto host = http_url_host(effective_url());
  return host ? *host : request_.host;
}

std::string Transfer::effective_url() const {
  const char* url = nullptr;
  curl_easy_getinfo(easy_, CURLINFO_EFFECTIVE_URL, &url);
  return url != nullptr ? url : "";
}

}  // namespace tagwire::compute
