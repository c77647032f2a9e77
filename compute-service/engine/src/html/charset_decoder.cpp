// decode_to_utf8: glibc iconv with U+FFFD for bad input.
#include "html/charset_decoder.h"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <memory>
#include <string_view>
#include <utility>

#include "html/charset_sniffer.h"

namespace tagwire::engine::html {
namespace {

constexpr std::string_view kReplacementUtf8 = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::size_t kChunkBytes = 16 * 1024;                 // output written per converter call

// The name to open a label by, and how many bytes one bad unit of it spans.
struct DecoderName {
  std::string name;
  std::size_t unit_bytes = 1;
};

// Labels of the WHATWG Encoding Standard that glibc's iconv does not know,
// by the iconv name of the encoding the Standard gives them.
constexpr std::pair<std::string_view, std::string_view> kStandardLabels[] = {
    {"chinese", "GBK"},
    {"csbig5", "BIG5"},
    {"dos-874", "CP874"},
    {"iso-8859-8-i", "ISO-8859-8"},
    {"iso-ir-149", "CP949"},
    {"korean", "CP949"},
    {"ks_c_5601-1987", "CP949"},
    {"ksc5601", "CP949"},
    {"logical", "ISO-8859-8"},
    {"visual", "ISO-8859-8"},
    {"windows-949", "CP949"},
    {"x-euc-jp", "EUC-JP"},
    {"x-gbk", "GBK"},
    {"x-mac-cyrillic", "MAC-CYRILLIC"},
    {"x-mac-roman", "MACINTOSH"},
    {"x-sjis", "SHIFT_JIS"},
    {"x-x-big5", "BIG5"},
};

// UTF-16 labels are opened by the byte order the Encoding Standard gives
// them (glibc's "UTF-16" without a BOM would read big-endian); a label of the
// Standard iconv lacks by its encoding's iconv name; any other label as
// written, as libxml2 opened it.
DecoderName decoder_name(const std::string& charset) {
  for (const auto& [label, name] : kStandardLabels) {
    if (charset == label) return {std::string(name), 1};
  }
  if (!is_utf16_label(charset)) return {charset, 1};
  const bool big_endian = charset == "utf-16be" || charset == "unicodefffe";
  return {big_endian ? "UTF-16BE" : "UTF-16LE", 2};
}

// glibc iconv with U+FFFD for a bad unit: iconv stops at an invalid
// (EILSEQ) or truncated (EINVAL) sequence with `in` on its first byte, so
// one unit is skipped there and the conversion goes on from the next byte.
std::optional<std::string> iconv_decode(std::string_view bytes, const DecoderName& charset) {
  iconv_t cd = iconv_open("UTF-8", charset.name.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  const std::unique_ptr<void, int (*)(iconv_t)> close(cd, iconv_close);
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  std::array<char, kChunkBytes> buffer;
  char* in = const_cast<char*>(bytes.data());  // iconv's signature; it never writes there
  std::size_t in_left = bytes.size();
  auto convert = [&](char** from, std::size_t* from_left) {
    char* to = buffer.data();
    std::size_t to_left = buffer.size();
    const std::size_t result = iconv(cd, from, from_left, &to, &to_left);
    const int error = errno;
    out.append(buffer.data(), static_cast<std::size_t>(to - buffer.data()));
    return result == static_cast<std::size_t>(-1) ? error : 0;
  };
  while (in_left > 0) {
    const int error = convert(&in, &in_left);
    if (error == 0 || error == E2BIG) continue;
    out += kReplacementUtf8;
    const std::size_t skip = std::min(charset.unit_bytes, in_left);
    in += skip;
    in_left -= skip;
  }
  while (convert(nullptr, nullptr) == E2BIG) {
  }  // a stateful charset (ISO-2022-JP) may owe a final shift
  return out;
}

}  // namespace

std::optional<std::string> decode_to_utf8(std::string_view bytes, const std::string& charset) {
  // iconv would read "" as the locale's charset, not as no label.
  if (charset.empty()) return std::nullopt;
  return iconv_decode(bytes, decoder_name(charset));
}

}  // namespace tagwire::engine::html
