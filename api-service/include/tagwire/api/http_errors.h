// How an Error becomes an HTTP answer: DESIGN.md's "Errors" table (status,
// `error.type`, Retry-After) and the JSON body every error answer carries:
//   {"error": {"type": "...", "message": "...", "request_id": "..."}}
//
// Pure functions over plain values; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "tagwire/common/result.h"

namespace tagwire::api {

// Seconds a client is told to wait (Retry-After) after a 503.
inline constexpr int kRetryAfterSeconds = 1;

// The HTTP status for an error kind. kTargetStatus depends on what the target
// answered: `target_http_status` 5xx gives 502, anything else 422 (DESIGN.md: the
// target's 4xx is the caller's problem, its 5xx an upstream failure).
int http_status_for(ErrorKind kind, int target_http_status = 0);

// True for the statuses that carry Retry-After (503).
bool wants_retry_after(int http_status);

// The JSON error body. `type` is DESIGN.md's type string (error_type_name or an
// HTTP-only one such as "not_found", "method_not_allowed", "payload_too_large").
std::string error_body(std::string_view type, std::string_view message, std::string_view request_id);

}  // namespace tagwire::api
