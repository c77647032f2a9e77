// URL host extraction with libcurl's own URL parser, so the host we judge is
// the host curl connects to.
#include "url_host.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace tagwire::compute {
namespace {

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};

std::string url_part(CURLU* url, CURLUPart part) {
  char* text = nullptr;
  if (curl_url_get(url, part, &text, 0) != CURLUE_OK || text == nullptr) return {};
  std::string out(text);
  curl_free(text);
  return out;
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

Error invalid(const std::string& url, const char* why) {
  return Error::make(ErrorKind::kInvalidUrl, "'" + url + "' " + why);
}

}  // namespace

Result<std::string> http_url_host(const std::string& url) {
  std::unique_ptr<CURLU, UrlDeleter> parsed(curl_url());
  if (!parsed) return Error::make(ErrorKind::kInternal, "out of memory parsing a URL");
  if (curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return invalid(url, "is not a valid absolute URL");
  }
  const std::string scheme = lowercase(url_part(parsed.get(), CURLUPART_SCHEME));
  if (scheme != "http" && scheme != "https") return invalid(url, "does not use http or https");
  std::string host = lowercase(url_part(parsed.get(), CURLUPART_HOST));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) return invalid(url, "has no host");
  return host;
}

}  // namespace tagwire::compute
