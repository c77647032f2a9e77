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
// What a client reads of any failure of ours; the cause is in the log.
inline constexpr const char* kInternalErrorMessage = "internal error; quote the request id";

// Sets status and a JSON body.
void respond_json(httplib::Response& res, int status, std::string body);

// What a client may read of `error`: the error itself, except our own failures
// (kInternal), which are logged here with the request id and their cause (a
// file path, an SQL statement, a worker's inner message) and reach the client
// as kInternalErrorMessage. Every answer built from an Error
// goes through here, so each 500 has its log line.
Error client_view(const Error& error, std::string_view request_id);

// An error answer for client_view(error): status from
// http_status_for(error.kind, error.target_status), body
// {"error": {type, message, request_id}}, Retry-After on 503.
void respond_error(httplib::Response& res, const Error& error, std::string_view request_id);

// An error answer for statuses that have no ErrorKind (404, 405, 413, 431, ...).
void respond_error(httplib::Response& res, int status, std::string_view type, std::string_view message,
                   std::string_view request_id);

}  // namespace tagwire::api
