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

HtmlSniff sniff_html(std::string_view body_start) { return HtmlSniffer().add(body_start); }

HtmlSniff HtmlSniffer::add(std::string_view chunk) {
  for (std::size_t i = 0; i < chunk.size() && verdict_ == HtmlSniff::kUndecided; ++i) {
    verdict_ = judge(static_cast<unsigned char>(chunk[i]));
  }
  return verdict_;
}

// One more byte of an undecided body: the body so far is a partial or whole
// byte-order mark, or a mark followed by white space, or white space alone.
HtmlSniff HtmlSniffer::judge(unsigned char byte) {
  const std::size_t at = examined_++;
  if (in_mark_) {
    if (at < kUtf8Bom.size() && byte == static_cast<unsigned char>(kUtf8Bom[at])) {
      in_mark_ = at + 1 < kUtf8Bom.size();
      return HtmlSniff::kUndecided;
    }
    in_mark_ = false;
    // A partial mark followed by anything else: the body starts with a byte
    // that is neither white space nor '<'.
    if (at > 0) return HtmlSniff::kNotHtml;
  }
  if (byte == ' ' || byte == '\t' || byte == '\r' || byte == '\n' || byte == '\f') return HtmlSniff::kUndecided;
  return byte == '<' ? HtmlSniff::kHtml : HtmlSniff::kNotHtml;
}

}  // namespace tagwire::compute
