// Depth-first walk over a libxml2 subtree without recursion, so deeply nested
// (or maliciously nested) pages cannot exhaust the stack.
//
// The visitor is called enter(node) -> bool on the way down (false skips the
// node's children) and leave(node) on the way up, for every descendant of
// `root` (not for root itself). A visitor that has a done() -> bool ends the
// walk as soon as done() is true after an enter(); no leave() follows.
#pragma once

#include <libxml/tree.h>

namespace tagwire::engine::html {

template <typename Visitor>
void walk_descendants(const xmlNode* root, Visitor& visitor) {
  if (root == nullptr) return;
  const xmlNode* node = root->children;
  while (node != nullptr) {
    const bool descend = visitor.enter(node);
    if constexpr (requires { visitor.done(); }) {
      if (visitor.done()) return;
    }
    if (descend && node->children != nullptr) {
      node = node->children;
      continue;
    }
    visitor.leave(node);
    while (node->next == nullptr) {
      node = node->parent;
      if (node == root || node == nullptr) return;
      visitor.leave(node);
    }
    node = node->next;
  }
}

}  // namespace tagwire::engine::html
