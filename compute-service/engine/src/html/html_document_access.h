// The engine's own door into HtmlDocument's libxml2 tree. Only src/html
// includes this; the public header keeps libxml2 out of its users' builds.
#pragma once

#include <libxml/tree.h>

#include "tagwire/engine/html_document.h"

namespace tagwire::engine {

struct HtmlDocumentAccess {
  static const xmlDoc* tree(const HtmlDocument& doc) { return doc.doc_.get(); }
};

}  // namespace tagwire::engine
