// Parsing and normalizing the absolute http(s) URLs clients ask about. The
// normalized form is the one key for a page everywhere: the API's coalescing and
// tag index, and the workers' caches, so both sides must use these functions.
//
// Accepted: absolute http:// or https:// URLs of at most 4096 bytes, with a host
// (a name, an IPv4 address, or an IPv6 literal in brackets), an optional port
// 1..65535, path, query and fragment. Surrounding spaces are trimmed. Anything
// else fails with ErrorKind::kInvalidUrl and a message naming the problem, e.g.
// "scheme 'ftp' is not http or https", "URL has no host", "port '99999' is not a
// number from 1 to 65535". Also refused: control characters (U+0000..U+001F,
// U+007F) anywhere, spaces or other characters a host name cannot hold,
// credentials before '@' (they would be sent to the target and make the host
// ambiguous to read), and hosts with non-ASCII characters: an internationalized
// name must be given in its ASCII form ("xn--bcher-kva.example", not
// "bücher.example"), as there is no punycode conversion here. Hosts are never
// percent-decoded ('%' is refused in a host), so an escaped name is refused too.
//
// Normalization (RFC 3986 section 6.2.2, plus what DESIGN.md asks):
// - scheme and host lowercased;
// - IPv6 literals rewritten in their canonical text form (RFC 5952, "[0:0::1]"
//   becomes "[::1]");
// - the default port (80 for http, 443 for https) removed, an empty port too;
// - the fragment removed, an empty query ("?" with nothing after it) removed;
// - in the path and the query: escapes of unreserved characters decoded
//   (%41 -> A, %7E -> ~), remaining escapes written in uppercase hex (%2f -> %2F),
//   bytes that may not appear raw encoded (space -> %20, non-ASCII UTF-8 bytes,
//   '"', '<', '>', '\', '^', '`', '{', '|', '}', a '%' not starting an escape);
// - dot segments resolved ("/a/./b/../c" -> "/a/c"), an empty path made "/".
// The query keeps its order and its '+' characters; it is not sorted or decoded.
//
// Thread safety: pure functions and plain values.
#pragma once

#include <string>
#include <string_view>

#include "tagwire/common/result.h"

namespace tagwire {

// Longest URL accepted, in bytes.
inline constexpr std::size_t kMaxUrlLength = 4096;

// A parsed URL, already normalized component by component.
struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // lowercase; an IPv6 literal without its brackets ("::1")
  int port = 0;        // the effective port: explicit, or 80/443 by default
  std::string path;    // normalized, starts with "/"
  std::string query;   // without the '?'; empty when there is none

  // The whole normalized URL: scheme://host[:port]path[?query], with the port
  // only when it is not the scheme's default and IPv6 hosts in brackets.
  std::string normalized() const;

  // "host:port" with the port always present ("example.com:443", "[::1]:8080"),
  // for connecting, address policy and per-host figures.
  std::string host_port() const;

  bool operator==(const Url&) const = default;
};

// Parses and normalizes `text`; on failure the error is kInvalidUrl.
Result<Url> parse_url(std::string_view text);

// parse_url(text)->normalized(), or the same error.
Result<std::string> normalize_url(std::string_view text);

}  // namespace tagwire
