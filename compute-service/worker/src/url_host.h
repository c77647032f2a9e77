// The host of an http(s) URL, as libcurl will read it.
#pragma once

#include <string>

#include "tagwire/common/result.h"

namespace tagwire::compute {

// The lowercase host of `url` without IPv6 brackets ("example.org", "::1").
// Fails with kInvalidUrl when `url` does not parse or its scheme is not http or https.
Result<std::string> http_url_host(const std::string& url);

}  // namespace tagwire::compute
