// The extractor's second walk: writes the visible text of the chosen content
// block, one block per line, leaving out boilerplate elements and
// link-dense containers.
#pragma once

#include <libxml/tree.h>

#include <string>

namespace tagwire::engine::html {

// Text of root's descendants. `size_hint` reserves the output up front.
std::string write_body(const xmlNode* root, std::size_t size_hint);

}  // namespace tagwire::engine::html
