// Article: what the extractor takes out of one HTML page, and the tagger's input.
//
// All strings are UTF-8 with entities decoded and runs of whitespace collapsed
// to one space. A plain value; no ownership beyond its own strings.
#pragma once

#include <string>
#include <vector>

namespace tagwire::engine {

struct Article {
  std::string title;        // og:title, else <title>; may be empty
  std::string description;  // meta description, else og:description; may be empty
  // The main text: one paragraph or block per line ('\n' between blocks), so
  // the tagger can see block boundaries. Boilerplate (nav, header, footer,
  // aside, forms, comments, link-dense blocks) is not in it.
  std::string body;
  // Tags the page declares about itself, normalized as tags are: lowercased,
  // slug dashes/underscores become spaces, trimmed, unique, in page order.
  std::vector<std::string> declared_tags;
  std::string charset;      // the charset the bytes were decoded from ("utf-8", "windows-1252", ...)
};

}  // namespace tagwire::engine
