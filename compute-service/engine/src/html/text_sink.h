// TextSink: appends text to one string with whitespace collapsed, blocks on
// their own lines, and no leading or trailing blanks. A block can be taken
// back (mark/rewind) once it turns out to be boilerplate.
//
// Whitespace is ASCII whitespace and U+00A0; a run of it becomes one space,
// a line end wins over spaces, and nothing is written until a visible
// character follows, so output never starts or ends with a blank.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "html/ascii.h"

namespace tagwire::engine::html {

class TextSink {
 public:
  explicit TextSink(std::string& out) : out_(out) {}

  void text(std::string_view s) {
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
      char c = s[i];
      if (is_space(c)) {
        pending_space_ = true;
        ++i;
        continue;
      }
      if (c == '\xC2' && i + 1 < n && s[i + 1] == '\xA0') {  // no-break space
        pending_space_ = true;
        i += 2;
        continue;
      }
      // Append the whole run of visible bytes at once.
      std::size_t end = i + 1;
      while (end < n && !is_space(s[end]) && s[end] != '\xC2') ++end;
      flush_pending();
      out_.append(s.data() + i, end - i);
      i = end;
    }
  }

  void space() { pending_space_ = true; }
  void line_break() { pending_break_ = true; }

  struct Mark {
    std::size_t size;
    bool pending_space, pending_break;
  };
  Mark mark() const { return {out_.size(), pending_space_, pending_break_}; }
  void rewind(const Mark& m) {
    out_.resize(m.size);
    pending_space_ = m.pending_space;
    pending_break_ = m.pending_break;
  }

 private:
  void flush_pending() {
    if (!out_.empty()) {
      if (pending_break_) out_ += '\n';
      else if (pending_space_) out_ += ' ';
    }
    pending_space_ = pending_break_ = false;
  }

  std::string& out_;
  bool pending_space_ = false;
  bool pending_break_ = false;
};

}  // namespace tagwire::engine::html
