// URL parsing and normalization: exact outputs and exact error messages.
#include "tagwire/common/url.h"

#include <catch2/catch.hpp>

#include <string>

using tagwire::ErrorKind;
using tagwire::normalize_url;
using tagwire::parse_url;

namespace {

std::string normalized(std::string_view text) {
  auto result = normalize_url(text);
  INFO("input: " << text);
  REQUIRE(result.ok());
  return result.value();
}

std::string failure(std::string_view text) {
  auto result = normalize_url(text);
  INFO("input: " << text);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == ErrorKind::kInvalidUrl);
  return result.error().message;
}

}  // namespace

TEST_CASE("parse_url splits a URL into normalized components", "[url]") {
  auto url = parse_url("HTTPS://Example.COM:8443/a/b?x=1#top");
  REQUIRE(url.ok());
  CHECK(url->scheme == "https");
  CHECK(url->host == "example.com");
  CHECK(url->port == 8443);
  CHECK(url->path == "/a/b");
  CHECK(url->query == "x=1");
  CHECK(url->host_port() == "example.com:8443");
  CHECK(url->normalized() == "https://example.com:8443/a/b?x=1");
}

TEST_CASE("the effective port is the scheme's default when none is given", "[url]") {
  CHECK(parse_url("http://a.example/")->port == 80);
  CHECK(parse_url("https://a.example/")->port == 443);
  CHECK(parse_url("https://a.example/")->host_port() == "a.example:443");
  CHECK(parse_url("http://a.example:/")->port == 80);
}

TEST_CASE("scheme and host are lowercased", "[url]") {
  CHECK(normalized("HTTP://WWW.Example.Org/Path") == "http://www.example.org/Path");
  CHECK(normalized("hTTpS://MiXeD.example/") == "https://mixed.example/");
}

TEST_CASE("default ports are removed and others kept", "[url]") {
  CHECK(normalized("http://example.com:80/") == "http://example.com/");
  CHECK(normalized("https://example.com:443/") == "https://example.com/");
  CHECK(normalized("http://example.com:443/") == "http://example.com:443/");
  CHECK(normalized("https://example.com:80/") == "https://example.com:80/");
  CHECK(normalized("http://example.com:8080/") == "http://example.com:8080/");
  CHECK(normalized("http://example.com:/") == "http://example.com/");
  CHECK(normalized("http://example.com:0080/") == "http://example.com/");
}

TEST_CASE("the fragment and an empty query are removed", "[url]") {
  CHECK(normalized("http://example.com/a#frag") == "http://example.com/a");
  CHECK(normalized("http://example.com/a?") == "http://example.com/a");
  CHECK(normalized("http://example.com/a?#frag") == "http://example.com/a");
  CHECK(normalized("http://example.com/a?q#frag?x") == "http://example.com/a?q");
  CHECK(normalized("http://example.com#frag") == "http://example.com/");
}

TEST_CASE("an empty path becomes a slash", "[url]") {
  CHECK(normalized("http://example.com") == "http://example.com/");
  CHECK(normalized("http://example.com?q=1") == "http://example.com/?q=1");
  CHECK(normalized("http://example.com:8080") == "http://example.com:8080/");
}

TEST_CASE("escapes of unreserved characters are decoded", "[url]") {
  CHECK(normalized("http://example.com/%41%62%63") == "http://example.com/Abc");
  CHECK(normalized("http://example.com/%7Euser/%2D%2E%5F%30") == "http://example.com/~user/-._0");
  CHECK(normalized("http://example.com/?q=%61") == "http://example.com/?q=a");
}

TEST_CASE("other escapes are kept with uppercase hex", "[url]") {
  CHECK(normalized("http://example.com/a%2fb") == "http://example.com/a%2Fb");
  CHECK(normalized("http://example.com/%e2%82%ac") == "http://example.com/%E2%82%AC");
  CHECK(normalized("http://example.com/?a=%3d%26") == "http://example.com/?a=%3D%26");
  CHECK(normalized("http://example.com/%20") == "http://example.com/%20");
}

TEST_CASE("bytes that may not appear raw are encoded", "[url]") {
  CHECK(normalized("http://example.com/a b") == "http://example.com/a%20b");
  CHECK(normalized("http://example.com/caf\xC3\xA9") == "http://example.com/caf%C3%A9");
  CHECK(normalized("http://example.com/\"<>\\^`{|}") == "http://example.com/%22%3C%3E%5C%5E%60%7B%7C%7D");
  CHECK(normalized("http://example.com/100%") == "http://example.com/100%25");
  CHECK(normalized("http://example.com/%zz") == "http://example.com/%25zz");
  CHECK(normalized("http://example.com/%4") == "http://example.com/%254");
  CHECK(normalized("http://example.com/?q=a b&r=\xC3\xA9") == "http://example.com/?q=a%20b&r=%C3%A9");
}

TEST_CASE("characters allowed raw in a path or query stay as they are", "[url]") {
  CHECK(normalized("http://example.com/a:b@c!$&'()*+,;=-._~") == "http://example.com/a:b@c!$&'()*+,;=-._~");
  CHECK(normalized("http://example.com/p?a=1&b=2/3?4+5") == "http://example.com/p?a=1&b=2/3?4+5");
}

TEST_CASE("a question mark in the path starts the query", "[url]") {
  CHECK(parse_url("http://example.com/a?b?c")->path == "/a");
  CHECK(parse_url("http://example.com/a?b?c")->query == "b?c");
}

TEST_CASE("the query keeps its order", "[url]") {
  CHECK(normalized("http://example.com/?z=1&a=2&m=3") == "http://example.com/?z=1&a=2&m=3");
}

TEST_CASE("dot segments are resolved", "[url]") {
  CHECK(normalized("http://example.com/a/./b/../c") == "http://example.com/a/c");
  CHECK(normalized("http://example.com/a/b/c/./../../g") == "http://example.com/a/g");
  CHECK(normalized("http://example.com/../../x") == "http://example.com/x");
  CHECK(normalized("http://example.com/a/..") == "http://example.com/");
  CHECK(normalized("http://example.com/a/.") == "http://example.com/a/");
  CHECK(normalized("http://example.com/a/b/..") == "http://example.com/a/");
  CHECK(normalized("http://example.com/.") == "http://example.com/");
  CHECK(normalized("http://example.com/a/%2E%2E/b") == "http://example.com/b");
  CHECK(normalized("http://example.com/a/..b/.c") == "http://example.com/a/..b/.c");
  CHECK(normalized("http://example.com//a//b/") == "http://example.com//a//b/");
  CHECK(normalized("http://example.com/a/b?x=/../y") == "http://example.com/a/b?x=/../y");
}

TEST_CASE("IPv6 literal hosts are accepted in canonical form", "[url]") {
  auto url = parse_url("http://[::1]:8080/x");
  REQUIRE(url.ok());
  CHECK(url->host == "::1");
  CHECK(url->port == 8080);
  CHECK(url->host_port() == "[::1]:8080");
  CHECK(url->normalized() == "http://[::1]:8080/x");
  CHECK(normalized("http://[0:0:0:0:0:0:0:1]/") == "http://[::1]/");
  CHECK(normalized("https://[2001:DB8::A]:443") == "https://[2001:db8::a]/");
  CHECK(parse_url("https://[2001:db8::a]")->host_port() == "[2001:db8::a]:443");
}

TEST_CASE("IPv4 and name hosts keep their text", "[url]") {
  CHECK(normalized("http://127.0.0.1:8000/") == "http://127.0.0.1:8000/");
  CHECK(normalized("http://my_host-1.example./") == "http://my_host-1.example./");
}

TEST_CASE("an internationalized host in its punycode form is accepted and lowercased", "[url]") {
  CHECK(normalized("http://XN--Bcher-KVA.Example/") == "http://xn--bcher-kva.example/");
}

TEST_CASE("surrounding spaces are trimmed", "[url]") {
  CHECK(normalized("  http://example.com/a  ") == "http://example.com/a");
}

TEST_CASE("normalization is idempotent", "[url]") {
  for (const char* input :
       {"HTTP://Example.com:80/a/../b%7e/%e2%82%ac c?q=%41 b#f", "https://[0::1]:443", "http://x.example/%25"}) {
    const std::string once = normalized(input);
    CHECK(normalized(once) == once);
  }
}

TEST_CASE("a scheme other than http or https is refused by name", "[url]") {
  CHECK(failure("ftp://example.com/") == "scheme 'ftp' is not http or https");
  CHECK(failure("FILE:///etc/passwd") == "scheme 'file' is not http or https");
  CHECK(failure("javascript:alert(1)") == "scheme 'javascript' is not http or https");
  CHECK(failure("localhost:8080/x") == "scheme 'localhost' is not http or https");
}

TEST_CASE("a URL without a scheme is refused", "[url]") {
  CHECK(failure("example.com/a") == "URL has no scheme; expected http:// or https://");
  CHECK(failure("/relative/path") == "URL has no scheme; expected http:// or https://");
  CHECK(failure("://example.com") == "URL has no scheme; expected http:// or https://");
  CHECK(failure("1http://example.com") == "URL has no scheme; expected http:// or https://");
}

TEST_CASE("a URL without a host is refused", "[url]") {
  CHECK(failure("http://") == "URL has no host");
  CHECK(failure("http:///path") == "URL has no host");
  CHECK(failure("http://:80/") == "URL has no host");
  CHECK(failure("http:example.com") == "URL has no host ('//' must follow 'http:')");
  CHECK(failure("https:/example.com") == "URL has no host ('//' must follow 'https:')");
}

TEST_CASE("a bad port is refused", "[url]") {
  CHECK(failure("http://example.com:99999/") == "port '99999' is not a number from 1 to 65535");
  CHECK(failure("http://example.com:0/") == "port '0' is not a number from 1 to 65535");
  CHECK(failure("http://example.com:abc/") == "port 'abc' is not a number from 1 to 65535");
  CHECK(failure("http://example.com:-1/") == "port '-1' is not a number from 1 to 65535");
  CHECK(failure("http://example.com:80:80/") == "port '80:80' is not a number from 1 to 65535");
  CHECK(failure("http://example.com:123456/") == "port '123456' is not a number from 1 to 65535");
  CHECK(failure("http://[::1]:70000/") == "port '70000' is not a number from 1 to 65535");
}

TEST_CASE("spaces and other characters a host cannot hold are refused", "[url]") {
  CHECK(failure("http://exa mple.com/") == "host 'exa mple.com' contains ' ', which a host name cannot hold");
  CHECK(failure("http://exa%41mple.com/") == "host 'exa%41mple.com' contains '%', which a host name cannot hold");
  CHECK(failure("http://a<b/") == "host 'a<b' contains '<', which a host name cannot hold");
}

TEST_CASE("a host with non-ASCII characters is refused, asking for its ASCII form", "[url]") {
  CHECK(failure("http://b\xC3\xBC" "cher.example/") ==
        "host 'b\xC3\xBC" "cher.example' has non-ASCII characters; give an internationalized host name "
        "in its ASCII (punycode, xn--...) form");
  CHECK_THAT(failure("https://\xE4\xBE\x8B\xE5\xAD\x90.\xE6\xB5\x8B\xE8\xAF\x95:8443/a"),
             Catch::Contains("has non-ASCII characters"));
  CHECK_THAT(failure("http://ex\xFF" "ample.com/"), Catch::Contains("has non-ASCII characters"));
}

TEST_CASE("control characters anywhere are refused", "[url]") {
  CHECK(failure("http://example.com/a\nb") == "URL contains a control character (0x0A) at offset 20");
  CHECK(failure("http://example.com/\t") == "URL contains a control character (0x09) at offset 19");
  CHECK(failure(std::string_view("http://example.com/\0", 20)) ==
        "URL contains a control character (0x00) at offset 19");
  CHECK(failure("http://example.com/#\x7F") == "URL contains a control character (0x7F) at offset 20");
}

TEST_CASE("credentials in the URL are refused", "[url]") {
  CHECK(failure("http://user:pass@example.com/") == "URL carries credentials before '@', which are not accepted");
  CHECK(failure("http://evil.example@127.0.0.1/") == "URL carries credentials before '@', which are not accepted");
}

TEST_CASE("malformed IPv6 literals are refused", "[url]") {
  CHECK(failure("http://[::g]/") == "host '[::g]' is not a valid IPv6 address");
  CHECK(failure("http://[::1/") == "IPv6 host '[::1' lacks its ']'");
  CHECK(failure("http://[::1]x/") == "unexpected 'x' after IPv6 host");
  CHECK(failure("http://[]/") == "URL has no host");
  CHECK(failure("http://[fe80::1%25eth0]/") == "host '[fe80::1%25eth0]' is not a valid IPv6 address");
}

TEST_CASE("an empty or overlong URL is refused", "[url]") {
  CHECK(failure("") == "URL is empty");
  CHECK(failure("   ") == "URL is empty");
  const std::string prefix = "http://example.com/";
  const std::string at_limit = prefix + std::string(tagwire::kMaxUrlLength - prefix.size(), 'a');
  CHECK(normalized(at_limit) == at_limit);
  CHECK(failure(at_limit + "a") == "URL is 4097 bytes long; the limit is 4096");
}
