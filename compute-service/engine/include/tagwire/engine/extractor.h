// Article extraction: from a parsed page to its title, description, main text
// and the tags the page declares about itself.
//
// extract_article() never fails; a page with no recognisable article gives an
// Article whose fields are empty. It only reads the document, so several
// threads may extract from the same const document at once. The rules are
// generic (semantic elements, text density, link density, hidden and
// boilerplate elements), never keyed to one site's markup.
#pragma once

#include <string>
#include <string_view>

#include "tagwire/common/tag_text.h"
#include "tagwire/engine/article.h"
#include "tagwire/engine/html_document.h"

namespace tagwire::engine {

// Title: og:title, else <title>. Description: meta description, else
// og:description. Body: the main content block, one block per line, without
// script/style/navigation/header/footer/aside/forms/comment threads/hidden
// elements/link-dense blocks. Declared tags: <a rel="tag">, links into a
// /tag/ or /tags/ path segment (outside navigation, sidebars, comment threads
// and page-level headers/footers), <meta name="keywords">, <meta
// property="article:tag">; normalized with normalize_tag, unique, page order.
Article extract_article(const HtmlDocument& doc);

// The one spelling of a tag, shared with the API (common/tag_text.h):
// lowercased, '-' and '_' read as spaces ("web-development" is "web
// development"), whitespace collapsed, trimmed. May return "".
using tagwire::normalize_tag;

}  // namespace tagwire::engine
