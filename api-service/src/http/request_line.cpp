// escape_query_for_httplib (see http_request_line.h).
#include "tagwire/api/http_request_line.h"

#include <algorithm>

namespace tagwire::api {

std::string escape_query_for_httplib(std::string_view line) {
  const std::size_t target = line.find(' ');
  if (target == std::string_view::npos) return std::string(line);
  const std::size_t target_end = std::min(line.find(' ', target + 1), line.size());
  const std::size_t query = line.find('?', target + 1);
  if (query == std::string_view::npos || query >= target_end) return std::string(line);

  std::string out(line.substr(0, query + 1));
  bool parameter_has_equals = false;
  for (std::size_t i = query + 1; i < target_end; ++i) {
    const char c = line[i];
    if (c == '?') {
      out += "%3F";
    } else if (c == '=' && parameter_has_equals) {
      out += "%3D";
    } else {
      if (c == '=') parameter_has_equals = true;
      if (c == '&') parameter_has_equals = false;
      out += c;
    }
  }
  out += line.substr(target_end);
  return out;
}

}  // namespace tagwire::api
