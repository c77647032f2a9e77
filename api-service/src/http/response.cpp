// JSON answers and error answers (see http_response.h).
#include "tagwire/api/http_response.h"

#include "tagwire/api/http_errors.h"

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

void respond_error(httplib::Response& res, const Error& error, std::string_view request_id) {
  respond_error(res, http_status_for(error.kind, error.target_status), error_type_name(error.kind), error.message,
                request_id);
}

}  // namespace tagwire::api
