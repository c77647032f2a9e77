// JSON answers and error answers (see http_response.h).
#include "tagwire/api/http_response.h"

#include "tagwire/api/http_errors.h"
#include "tagwire/common/log.h"

namespace tagwire::api {

void respond_json(httplib::Response& res, int status, std::string body) {
  res.status = status;
  res.set_content(std::move(body), kJsonContentType);
}

void respond_error(httplib::Response& res, int status, std::string_view type, std::string_view message,
                   std::string_view request_id) {
  if (wants_retry_after(status)) res.set_header("Retry-After", std::to_string(kRetryAfterSeconds));
  respond_json(res, status, error_body(type, message, request_id));
}

Error client_view(const Error& error, std::string_view request_id) {
  if (error.kind != ErrorKind::kInternal) return error;
  static const Logger log("http");
  log.error("internal error", {{"request_id", request_id}, {"error", error.message}});
  return Error::make(ErrorKind::kInternal, kInternalErrorMessage);
}

void respond_error(httplib::Response& res, const Error& error, std::string_view request_id) {
  const Error shown = client_view(error, request_id);
  respond_error(res, http_status_for(shown.kind, shown.target_status), error_type_name(shown.kind), shown.message,
                request_id);
}

}  // namespace tagwire::api
