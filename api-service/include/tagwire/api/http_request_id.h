// Request ids: the X-Request-Id a client sent, when it is reasonable, or a
// fresh random one. The id is echoed on every answer and carried in log lines.
//
// Thread safety: free functions; make_request_id uses a thread-local generator.
#pragma once

#include <string>
#include <string_view>

namespace tagwire::api {

inline constexpr const char* kRequestIdHeader = "X-Request-Id";
inline constexpr std::size_t kMaxRequestIdLength = 128;

// True when `id` may be echoed as is: 1..128 characters from [A-Za-z0-9._:-]
// (no spaces or quotes, so it is safe in a header and in a log line).
bool is_acceptable_request_id(std::string_view id);

// 32 lowercase hex characters from a per-thread random generator.
std::string make_request_id();

// `incoming` when acceptable, else a fresh id.
std::string request_id_for(std::string_view incoming);

}  // namespace tagwire::api
