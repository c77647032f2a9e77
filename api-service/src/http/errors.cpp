// DESIGN.md's error table: kinds to HTTP statuses, and the JSON error body.
#include "tagwire/api/http_errors.h"

#include "tagwire/common/json.h"

namespace tagwire::api {

int http_status_for(ErrorKind kind, int target_http_status) {
  switch (kind) {
    case ErrorKind::kBadRequest:
    case ErrorKind::kGraphqlSyntax:
    case ErrorKind::kInvalidUrl:
      return 400;
    case ErrorKind::kBlockedAddress:
      return 403;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kTargetStatus:
      return target_http_status >= 500 ? 502 : 422;
    case ErrorKind::kNotHtml:
    case ErrorKind::kTooLarge:
      return 422;
    case ErrorKind::kTargetUnreachable:
      return 502;
    case ErrorKind::kNoWorkers:
    case ErrorKind::kOverloaded:
    case ErrorKind::kShuttingDown:
      return 503;
    case ErrorKind::kDeadline:
      return 504;
    case ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

bool wants_retry_after(int http_status) { return http_status == 503; }

std::string error_body(std::string_view type, std::string_view message, std::string_view request_id) {
  std::string out = "{\"error\":{\"type\":";
  append_json_string(out, type);
  out += ",\"message\":";
  append_json_string(out, message);
  out += ",\"request_id\":";
  append_json_string(out, request_id);
  out += "}}";
  return out;
}

}  // namespace tagwire::api
