// windows-1252 to UTF-8, by its own table rather than a converter: iconv
// rejects the five bytes windows-1252 leaves undefined (0x81 0x8D
// 0x8F 0x90 0x9D), where browsers decode them as the C1 controls of the same
// value (other charsets: charset_decoder.h). Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace tagwire::engine::html {

std::string windows_1252_to_utf8(std::string_view bytes);

}  // namespace tagwire::engine::html
