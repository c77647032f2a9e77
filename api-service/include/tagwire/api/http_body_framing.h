// How the HTTP edge reads request bodies, so that no body costs more memory
// than max_body_bytes and no client waits on a body it never declared.
//
// Why not httplib's own body reading: as Debian ships it (0.11.4), it reads a
// chunked body whole, whatever its size, and for POST, PUT, PATCH and DELETE
// without Content-Length or Transfer-Encoding it reads until the read timeout,
// where HTTP/1.1 says such a request has no body. Answering before a declared
// body is read is no way out either: httplib keeps the connection and would
// parse the unread body as the next requests.
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <httplib.h>

namespace tagwire::api {

// What a request's headers say about its body.
enum class BodyFraming {
  kDeclared,  // Content-Length (one decimal number) or Transfer-Encoding
  kNone,      // neither: the request has no body
  kBroken,    // a Content-Length that is not a decimal number, or two different ones;
              // a Transfer-Encoding other than "chunked", or one beside a Content-Length
};
BodyFraming body_framing(const httplib::Request& req);

// The Content-Length in bytes; 0 when there is none. Meaningful once
// body_framing() said kDeclared.
std::size_t declared_length(const httplib::Request& req);

// True when the answer to `req` must be its connection's last, because a body
// it declared will not be read to its end: broken framing, a body on a method
// httplib reads none for (GET, HEAD, OPTIONS, PRI...), a multipart body, or a
// Content-Length over `max_body_bytes` announced with "Expect: 100-continue"
// (answered 413 at once; the client may send the body anyway).
bool body_left_unread(const httplib::Request& req, std::size_t max_body_bytes);

// True for a multipart Content-Type, which no route takes (httplib would parse
// it with callbacks of its own).
bool is_multipart(const httplib::Request& req);

// True for the methods httplib reads a body for even when none is declared.
bool httplib_reads_body(std::string_view method);

// A body read through httplib's ContentReader: at most `max_bytes` kept; past
// that the rest is still read and dropped, so the connection stays in step.
struct BoundedBody {
  std::string bytes;
  bool too_large = false;  // more than max_bytes were sent
  bool complete = false;   // the whole body arrived
};
BoundedBody read_bounded_body(const httplib::ContentReader& reader, std::size_t max_bytes);

}  // namespace tagwire::api
