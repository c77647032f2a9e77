// Deciding whether a response is HTML, from its Content-Type header or, when
// the header is absent, from its first bytes.
//
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace tagwire::compute {

// True for "text/html" and "application/xhtml+xml", in any case, with or
// without parameters ("text/html; charset=ISO-8859-1").
bool is_html_content_type(std::string_view content_type);

enum class HtmlSniff { kHtml, kNotHtml, kUndecided };

// Judges a body without a Content-Type by its start: HTML when the first byte
// after an optional UTF-8 byte-order mark and white space is '<'. kUndecided
// while the bytes seen so far are only white space (or a partial mark), so a
// streaming caller can wait for more (with an HtmlSniffer, below).
HtmlSniff sniff_html(std::string_view body_start);

// sniff_html for a body that arrives in chunks: add() looks at each byte once,
// so a body of megabytes of white space costs linear time, not a rescan of
// everything so far on every chunk. After any sequence of add() calls,
// verdict() equals sniff_html of their chunks joined. Once decided, add()
// returns the verdict without looking at its chunk.
// Thread safety: one thread per sniffer.
class HtmlSniffer {
 public:
  // Takes the body's next bytes; returns the verdict so far.
  HtmlSniff add(std::string_view chunk);
  HtmlSniff verdict() const { return verdict_; }
  // Bytes examined so far (a decided sniffer examines no more).
  std::size_t examined() const { return examined_; }

 private:
  HtmlSniff judge(unsigned char byte);

  HtmlSniff verdict_ = HtmlSniff::kUndecided;
  std::size_t examined_ = 0;
  bool in_mark_ = true;  // every byte so far matched the start of a UTF-8 byte-order mark
};

}  // namespace tagwire::compute
