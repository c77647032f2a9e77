// Writing strings as JSON string literals, for code that builds JSON text by hand
// (log lines) instead of through a RapidJSON writer.
//
// Contract: the output is always a valid JSON string literal, whatever the input.
// '"' and '\\' are escaped, control characters (U+0000..U+001F) become \n, \t, ...
// or \u00XX, and bytes that are not valid UTF-8 are replaced by U+FFFD so a parser
// that validates encoding still accepts the result. Valid UTF-8 passes unchanged.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace tagwire {

// Appends `text` to `out` as a quoted JSON string literal.
void append_json_string(std::string& out, std::string_view text);

// Returns `text` as a quoted JSON string literal.
std::string json_quote(std::string_view text);

}  // namespace tagwire
