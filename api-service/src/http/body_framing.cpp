// Request body framing and bounded body reading (see http_body_framing.h).
#include "tagwire/api/http_body_framing.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace tagwire::api {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool is_decimal(std::string_view text) {
  return !text.empty() && text.size() <= 19 &&  // fits in 64 bits
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

BodyFraming body_framing(const httplib::Request& req) {
  const std::size_t lengths = req.get_header_value_count("Content-Length");
  if (lengths > 0) {
    if (req.has_header("Transfer-Encoding")) return BodyFraming::kBroken;  // which one counts is how smuggling starts
    const std::string first = req.get_header_value("Content-Length", 0);
    if (!is_decimal(first)) return BodyFraming::kBroken;
    for (std::size_t i = 1; i < lengths; ++i) {
      if (req.get_header_value("Content-Length", i) != first) return BodyFraming::kBroken;
    }
    return BodyFraming::kDeclared;
  }
  if (!req.has_header("Transfer-Encoding")) return BodyFraming::kNone;
  if (req.get_header_value_count("Transfer-Encoding") != 1 || !iequals(trimmed(req.get_header_value("Transfer-Encoding")), "chunked")) {
    return BodyFraming::kBroken;
  }
  return BodyFraming::kDeclared;
}

std::size_t declared_length(const httplib::Request& req) {
  return static_cast<std::size_t>(std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10));
}

bool is_multipart(const httplib::Request& req) {
  const std::string type = req.get_header_value("Content-Type");
  return type.size() >= 10 && iequals(std::string_view(type).substr(0, 10), "multipart/");
}

bool body_left_unread(const httplib::Request& req, std::size_t max_body_bytes) {
  const BodyFraming framing = body_framing(req);
  if (framing == BodyFraming::kBroken) return true;
  if (framing == BodyFraming::kNone) return false;
  const bool has_length = req.has_header("Content-Length");
  const std::size_t length = declared_length(req);
  if (has_length && length == 0) return false;
  if (!httplib_reads_body(req.method) || req.method == "PRI" || is_multipart(req)) return true;
  return has_length && length > max_body_bytes && iequals(req.get_header_value("Expect"), "100-continue");
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
