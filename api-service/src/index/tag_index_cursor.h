// The opaque `urls(tag)` cursor: the last URL of a page, base64url-encoded without
// padding, so clients cannot mistake it for a URL or an offset.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tagwire::api::index_detail {

std::string encode_cursor(std::string_view last_url);
// nullopt when `cursor` is not base64url (or decodes to nothing).
std::optional<std::string> decode_cursor(std::string_view cursor);

}  // namespace tagwire::api::index_detail
