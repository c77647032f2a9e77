// URL parsing and normalization (see url.h for the rules).
#include "tagwire/common/url.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdio>
#include <optional>

namespace tagwire {
namespace {

Error invalid(std::string message) { return Error::make(ErrorKind::kInvalidUrl, std::move(message)); }

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowercase_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = to_lower(c);
  return out;
}

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  return to_lower(c) - 'a' + 10;
}

// RFC 3986 "unreserved": may always appear raw and is never worth escaping.
bool is_unreserved(unsigned char c) {
  return is_alpha(static_cast<char>(c)) || is_digit(static_cast<char>(c)) || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

bool is_sub_delim(unsigned char c) {
  switch (c) {
    case '!': case '$': case '&': case '\'': case '(': case ')':
    case '*': case '+': case ',': case ';': case '=':
      return true;
    default:
      return false;
  }
}

enum class Component { kPath, kQuery };

// Characters that may appear raw: RFC 3986 pchar and '/', plus '?' in a query.
bool allowed_raw(unsigned char c, Component component) {
  if (is_unreserved(c) || is_sub_delim(c) || c == ':' || c == '@' || c == '/') return true;
  return component == Component::kQuery && c == '?';
}

void append_escape(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 0x0F];
}

// Decodes escapes of unreserved characters, uppercases the hex of the others and
// escapes every byte that may not appear raw (a lone '%' included).
std::string normalize_percent_encoding(std::string_view text, Component component) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '%' && i + 2 < text.size() && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
      const auto decoded = static_cast<unsigned char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      if (is_unreserved(decoded)) {
        out += static_cast<char>(decoded);
      } else {
        append_escape(out, decoded);
      }
      i += 2;
    } else if (allowed_raw(c, component)) {
      out += static_cast<char>(c);
    } else {
      append_escape(out, c);
    }
  }
  return out;
}

// Drops the last "/segment" of `output` (RFC 3986 5.2.4, steps C).
void drop_last_segment(std::string& output) {
  const auto slash = output.rfind('/');
  output.erase(slash == std::string::npos ? 0 : slash);
}

// RFC 3986 section 5.2.4, "Remove Dot Segments", applied to a path that is
// empty or starts with '/'.
std::string remove_dot_segments(std::string_view input) {
  std::string output;
  output.reserve(input.size());
  while (!input.empty()) {
    if (input.starts_with("../")) {
      input.remove_prefix(3);
    } else if (input.starts_with("./")) {
      input.remove_prefix(2);
    } else if (input.starts_with("/./")) {
      input.remove_prefix(2);
    } else if (input == "/.") {
      input = "/";
    } else if (input.starts_with("/../")) {
      input.remove_prefix(3);
      drop_last_segment(output);
    } else if (input == "/..") {
      input = "/";
      drop_last_segment(output);
    } else if (input == "." || input == "..") {
      input = {};
    } else {
      const auto next_slash = input.find('/', 1);
      const auto segment = input.substr(0, next_slash);
      output.append(segment);
      input.remove_prefix(segment.size());
    }
  }
  return output;
}

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

std::optional<Error> find_control_character(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) {
      char code[8];
      std::snprintf(code, sizeof code, "0x%02X", c);
      return invalid("URL contains a control character (" + std::string(code) + ") at offset " +
                     std::to_string(i));
    }
  }
  return std::nullopt;
}

bool is_valid_scheme(std::string_view scheme) {
  if (scheme.empty() || !is_alpha(scheme.front())) return false;
  for (char c : scheme) {
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return true;
}

// Host names: letters, digits, '-', '.' and '_'. An internationalized name
// must come in its ASCII (punycode) form: turning Unicode into punycode needs
// IDNA tables we do not carry, and passed on raw the name fails only in the
// worker's libcurl, as an unreachable target instead of a bad URL.
std::optional<Error> check_host_name(std::string_view host) {
  for (char c : host) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      return invalid("host '" + std::string(host) +
                     "' has non-ASCII characters; give an internationalized host name in its ASCII "
                     "(punycode, xn--...) form");
    }
  }
  for (char c : host) {
    if (is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_') continue;
    return invalid("host '" + std::string(host) + "' contains '" + std::string(1, c) +
                   "', which a host name cannot hold");
  }
  return std::nullopt;
}

Result<std::string> canonical_ipv6(std::string_view literal) {
  const std::string text(literal);
  in6_addr address{};
  char canonical[INET6_ADDRSTRLEN];
  if (inet_pton(AF_INET6, text.c_str(), &address) != 1 ||
      inet_ntop(AF_INET6, &address, canonical, sizeof canonical) == nullptr) {
    return invalid("host '[" + text + "]' is not a valid IPv6 address");
  }
  return std::string(canonical);
}

Result<int> parse_port(std::string_view text, int default_port) {
  if (text.empty()) return default_port;
  int port = 0;
  bool digits_only = text.size() <= 5;
  for (char c : text) {
    if (!is_digit(c)) digits_only = false;
  }
  if (digits_only) {
    for (char c : text) port = port * 10 + (c - '0');
  }
  if (!digits_only || port < 1 || port > 65535) {
    return invalid("port '" + std::string(text) + "' is not a number from 1 to 65535");
  }
  return port;
}

struct HostAndPort {
  std::string host;
  int port = 0;
};

Result<HostAndPort> parse_authority(std::string_view authority, int default_port) {
  if (authority.find('@') != std::string_view::npos) {
    return invalid("URL carries credentials before '@', which are not accepted");
  }
  std::string_view host_text;
  std::string_view port_text;
  bool ipv6 = false;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return invalid("IPv6 host '" + std::string(authority) + "' lacks its ']'");
    host_text = authority.substr(1, close - 1);
    const auto after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) {
      return invalid("unexpected '" + std::string(after) + "' after IPv6 host");
    }
    port_text = after.empty() ? after : after.substr(1);
    ipv6 = true;
  } else {
    const auto colon = authority.find(':');
    host_text = authority.substr(0, colon);
    port_text = colon == std::string_view::npos ? std::string_view{} : authority.substr(colon + 1);
  }
  if (host_text.empty()) return invalid("URL has no host");

  HostAndPort result;
  if (ipv6) {
    auto canonical = canonical_ipv6(host_text);
    if (!canonical) return canonical.error();
    result.host = std::move(canonical.value());
  } else {
    if (auto bad = check_host_name(host_text)) return *bad;
    result.host = lowercase_ascii(host_text);
  }
  auto port = parse_port(port_text, default_port);
  if (!port) return port.error();
  result.port = *port;
  return result;
}

int default_port_for(std::string_view scheme) { return scheme == "https" ? 443 : 80; }

}  // namespace

std::string Url::normalized() const {
  std::string out = scheme + "://";
  if (host.find(':') != std::string::npos) {
    out += '[' + host + ']';
  } else {
    out += host;
  }
  if (port != default_port_for(scheme)) out += ':' + std::to_string(port);
  out += path;
  if (!query.empty()) out += '?' + query;
  return out;
}

std::string Url::host_port() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? '[' + host + ']' : host) + ':' + std::to_string(port);
}

Result<Url> parse_url(std::string_view text) {
  text = trim_spaces(text);
  if (text.empty()) return invalid("URL is empty");
  if (text.size() > kMaxUrlLength) {
    return invalid("URL is " + std::to_string(text.size()) + " bytes long; the limit is " +
                   std::to_string(kMaxUrlLength));
  }
  if (auto bad = find_control_character(text)) return *bad;

  const auto colon = text.find(':');
  if (colon == std::string_view::npos || !is_valid_scheme(text.substr(0, colon))) {
    return invalid("URL has no scheme; expected http:// or https://");
  }
  Url url;
  url.scheme = lowercase_ascii(text.substr(0, colon));
  if (url.scheme != "http" && url.scheme != "https") {
    return invalid("scheme '" + url.scheme + "' is not http or https");
  }
  std::string_view rest = text.substr(colon + 1);
  if (!rest.starts_with("//")) return invalid("URL has no host ('//' must follow '" + url.scheme + ":')");
  rest.remove_prefix(2);

  const auto authority_end = rest.find_first_of("/?#");
  auto authority = parse_authority(rest.substr(0, authority_end), default_port_for(url.scheme));
  if (!authority) return authority.error();
  url.host = std::move(authority->host);
  url.port = authority->port;

  std::string_view tail = authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  tail = tail.substr(0, tail.find('#'));
  const auto question = tail.find('?');
  url.path = remove_dot_segments(normalize_percent_encoding(tail.substr(0, question), Component::kPath));
  if (url.path.empty()) url.path = "/";
  if (question != std::string_view::npos) {
    url.query = normalize_percent_encoding(tail.substr(question + 1), Component::kQuery);
  }
  return url;
}

Result<std::string> normalize_url(std::string_view text) {
  auto url = parse_url(text);
  if (!url) return url.error();
  return url->normalized();
}

}  // namespace tagwire
