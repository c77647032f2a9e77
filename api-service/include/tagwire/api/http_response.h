// Writing answers: JSON bodies, and errors in DESIGN.md's shape with the
// request id, status and Retry-After that go with them.
//
// Thread safety: functions over the caller's Response.
#pragma once

#include <string>
#include <string_view>

#include <httplib.h>

#include "tagwire/common/result.h"

namespace tagwire::api {

inline constexpr const char* kJsonContentType = "application/json";

// Sets status and a JSON body.
void respond_json(httplib::Response& res, int status, std::string body);

// An error answer: status from http_status_for(error.kind, target_http_status),
// body {"error": {type, message, request_id}}, Retry-After on 503.
void respond_error(httplib::Response& res, const Error& error, std::string_view request_id,
                   int target_http_status = 0);

// An error answer for statuses that have no ErrorKind (404, 405, 413, 431, ...).
void respond_error(httplib::Response& res, int status, std::string_view type, std::string_view message,
                   std::string_view request_id);

// The target's HTTP status named in a kTargetStatus message, or 0. The worker's
// reply carries only {type, message}; its fetcher writes the status as a
// standalone three-digit number from 400 to 599 ("target answered HTTP 503 for
// ..."), and the first such number is taken.
int target_status_in_message(std::string_view message);

}  // namespace tagwire::api
