// Telling binary data served as HTML from text, once the bytes are decoded
// (HtmlDocument::binary). Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace tagwire::engine::html {

// How many code points of a page's start the sniffer reads: enough that a
// random body shows its controls (about 430 expected) and UTF-16 junk its
// unpaired surrogates (about 128) far above the bounds below, and at most
// 16 KB, so the check costs nothing beside parsing.
inline constexpr std::size_t kBinarySniffCodePoints = 4096;

// Whether `decoded` (well-formed UTF-8, as HtmlDocument decodes every page)
// starts with binary data rather than text. Reads its first
// kBinarySniffCodePoints code points and counts
//   controls: the code points of the WHATWG MIME Sniffing Standard's "binary
//     data bytes" (U+0000-U+0008, U+000B, U+000E-U+001A, U+001C-U+001F), which
//     no text holds; an ASCII-compatible charset decodes each such byte to
//     itself, so random bytes give about one in ten whatever the charset;
//   replacements: U+FFFD, a sequence the charset could not decode.
// Binary when controls are at least 1 in 64 of the code points read, or
// controls and replacements together at least half of them; in both cases
// at least 8, so that a short page with one stray control stays text. With
// `from_utf16`, a replacement counts as a control too: in UTF-16 only an
// unpaired surrogate (or a lone last byte) makes one, which no encoder
// writes, and random bytes read as UTF-16 give about 1 in 32; in other
// charsets a few replacements are a page labelled with the wrong charset
// (Latin-1 bytes sent as UTF-8), whose text is still worth tagging. C1
// controls (U+0080-U+009F) do not count either way: a UTF-8 page labelled
// windows-1252 is full of them.
bool is_binary_data(std::string_view decoded, bool from_utf16);

}  // namespace tagwire::engine::html
