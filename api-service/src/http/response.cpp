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

void respond_error(httplib::Response& res, const Error& error, std::string_view request_id,
                   int target_http_status) {
  if (error.kind == ErrorKind::kTargetStatus && target_http_status == 0) {
    target_http_status = target_status_in_message(error.message);
  }
  respond_error(res, http_status_for(error.kind, target_http_status), error_type_name(error.kind), error.message,
                request_id);
}

int target_status_in_message(std::string_view message) {
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  for (std::size_t i = 0; i + 3 <= message.size(); ++i) {
    const bool starts_number = i == 0 || !is_digit(message[i - 1]);
    const bool ends_number = i + 3 == message.size() || !is_digit(message[i + 3]);
    if (!starts_number || !ends_number) continue;
    if (!is_digit(message[i]) || !is_digit(message[i + 1]) || !is_digit(message[i + 2])) continue;
    const int value = (message[i] - '0') * 100 + (message[i + 1] - '0') * 10 + (message[i + 2] - '0');
    if (value >= 400 && value <= 599) return value;
  }
  return 0;
}

}  // namespace tagwire::api
