// Request body framing and bounded body reading (see http_body_framing.h).
#include "tagwire/api/http_body_framing.h"

#include <algorithm>

namespace tagwire::api {
namespace {

bool is_decimal(std::string_view text) {
  return !text.empty() && text.size() <= 19 &&  // fits in 64 bits
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

BodyFraming body_framing(const httplib::Request& req) {
  const std::size_t lengths = req.get_header_value_count("Content-Length");
  if (lengths > 0) {
    const std::string first = req.get_header_value("Content-Length", 0);
    if (!is_decimal(first)) return BodyFraming::kBroken;
    for (std::size_t i = 1; i < lengths; ++i) {
      if (req.get_header_value("Content-Length", i) != first) return BodyFraming::kBroken;
    }
    return BodyFraming::kDeclared;
  }
  return req.has_header("Transfer-Encoding") ? BodyFraming::kDeclared : BodyFraming::kNone;
}

bool httplib_reads_body(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE" || method == "PRI";
}

BoundedBody read_bounded_body(const httplib::ContentReader& reader, std::size_t max_bytes) {
  BoundedBody body;
  body.complete = reader([&](const char* data, std::size_t length) {
    if (!body.too_large && length <= max_bytes - body.bytes.size()) {
      body.bytes.append(data, length);
    } else if (!body.too_large) {
      body.too_large = true;
      body.bytes.clear();
      body.bytes.shrink_to_fit();
    }
    return true;  // keep reading: the connection must reach the end of the body
  });
  return body;
}

}  // namespace tagwire::api
