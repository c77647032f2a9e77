// Article extraction: from a parsed page to its title, description, main text
// and the tags the page declares about itself.
//
// extract_article() never fails; a page with no recognisable article gives an
// Article whose fields are empty. It only reads the document, so several
// threads may extract from the same const document at once. The rules are
// generic (semantic elements, text density, link density, hidden and
// boilerplate elements), never keyed to one site's markup.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "tagwire/common/tag_text.h"
#include "tagwire/engine/article.h"
#include "tagwire/engine/html_document.h"

namespace tagwire::engine {

// Far above what a page shows as its title or summary (search engines show
// about 60 and 160 characters).
inline constexpr std::size_t kMaxTitleBytes = 512;
inline constexpr std::size_t kMaxDescriptionBytes = 2048;
// The first this many distinct declared tags are kept: more than any page
// shows its readers, and a page listing thousands of keywords (spam, or an
// attack on the worker) costs no more than one listing a few.
inline constexpr std::size_t kMaxDeclaredTags = 30;

// Title: og:title, else <title>, at most kMaxTitleBytes. Description: meta
// description, else og:description, at most kMaxDescriptionBytes (both cut on
// a character boundary). Body: the main content block, one block per line, without
// script/style/navigation/header/footer/aside/forms/comment threads/hidden
// elements/link-dense blocks. Declared tags: <a rel="tag">, links into a
// /tag/ or /tags/ path segment (outside navigation, sidebars, comment threads
// and page-level headers/footers), <meta name="keywords">, <meta
// property="article:tag">; normalized with normalize_tag, unique, page order,
// the first kMaxDeclaredTags of at most kMaxTagBytes each, valid UTF-8 without
// control characters (a slug's bytes that are not UTF-8 become U+FFFD). A tag
// link holding far more than a tag's text (over 64 nodes, or 800 bytes of
// text as written) names no tag, so that each link costs a bounded time.
Article extract_article(const HtmlDocument& doc);

// The one spelling of a tag, shared with the API (common/tag_text.h):
// lowercased, '-' and '_' read as spaces ("web-development" is "web
// development"), whitespace collapsed, trimmed. May return "".
using tagwire::normalize_tag;

}  // namespace tagwire::engine
