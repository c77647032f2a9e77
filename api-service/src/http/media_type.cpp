// media_type_essence (see http_media_type.h).
#include "tagwire/api/http_media_type.h"

namespace tagwire::api {

std::string media_type_essence(std::string_view content_type) {
  std::string essence;
  for (char c : content_type) {
    if (c == ';') break;
    if (c == ' ' || c == '\t') continue;
    essence += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return essence;
}

}  // namespace tagwire::api
