// HTML detection from the Content-Type header or the body's first bytes.
#include "tagwire/compute/content_type.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace tagwire::compute {
namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

}  // namespace

bool is_html_content_type(std::string_view content_type) {
  const auto media_type = trim(content_type.substr(0, content_type.find(';')));
  return equals_ignoring_case(media_type, "text/html") ||
         equals_ignoring_case(media_type, "application/xhtml+xml");
}

HtmlSniff sniff_html(std::string_view body_start) {
  const auto bom_bytes = std::min(body_start.size(), kUtf8Bom.size());
  if (body_start.substr(0, bom_bytes) == kUtf8Bom.substr(0, bom_bytes)) {
    if (bom_bytes < kUtf8Bom.size()) return HtmlSniff::kUndecided;
    body_start.remove_prefix(kUtf8Bom.size());
  }
  const auto first = body_start.find_first_not_of(" \t\r\n\f");
  if (first == std::string_view::npos) return HtmlSniff::kUndecided;
  return body_start[first] == '<' ? HtmlSniff::kHtml : HtmlSniff::kNotHtml;
}

}  // namespace tagwire::compute
