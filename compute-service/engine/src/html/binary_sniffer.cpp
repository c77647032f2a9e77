// is_binary_data: one pass over the start of a decoded page.
#include "html/binary_sniffer.h"

namespace tagwire::engine::html {
namespace {

// Controls at least 1 in kControlShare of the code points read; controls and
// replacements at least 1 in kUndecodableShare; either at least kMinEvidence.
constexpr std::size_t kControlShare = 64;
constexpr std::size_t kUndecodableShare = 2;
constexpr std::size_t kMinEvidence = 8;

bool is_binary_data_byte(unsigned char byte) {
  return byte <= 0x08 || byte == 0x0B || (byte >= 0x0E && byte <= 0x1A) || (byte >= 0x1C && byte <= 0x1F);
}

}  // namespace

bool is_binary_data(std::string_view decoded, bool from_utf16) {
  std::size_t code_points = 0;
  std::size_t controls = 0;
  std::size_t replacements = 0;
  for (std::size_t i = 0; i < decoded.size() && code_points < kBinarySniffCodePoints; ++i) {
    const auto byte = static_cast<unsigned char>(decoded[i]);
    if ((byte & 0xC0) == 0x80) continue;  // inside a code point already counted
    ++code_points;
    if (is_binary_data_byte(byte)) {
      ++controls;
    } else if (byte == 0xEF && decoded.substr(i, 3) == "\xEF\xBF\xBD") {
      ++replacements;
    }
  }
  if (from_utf16) {
    controls += replacements;
    replacements = 0;
  }
  const std::size_t undecodable = controls + replacements;
  return (controls >= kMinEvidence && controls * kControlShare >= code_points) ||
         (undecodable >= kMinEvidence && undecodable * kUndecodableShare >= code_points);
}

}  // namespace tagwire::engine::html
