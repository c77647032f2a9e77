// HtmlDocument::parse: charset choice, decoding to UTF-8, then libxml2's recovering HTML parser.
#include "tagwire/engine/html_document.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <climits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "html/binary_sniffer.h"
#include "html/charset_decoder.h"
#include "html/charset_sniffer.h"
#include "html/windows_1252.h"

namespace tagwire::engine {
namespace {

// libxml2 keeps process-wide tables; initializing them once before any
// thread parses is what its documentation asks for.
void init_libxml_once() {
  static const bool initialized = [] {
    xmlInitParser();
    return true;
  }();
  (void)initialized;
}

// IGNORE_ENC makes the charset we pass the only one: without it a <meta
// charset> inside the page would switch the decoder mid-parse. HUGE lifts
// the 256-level nesting limit, past which libxml2 drops the rest of the page
// (a page of unclosed <font> tags reaches it).
constexpr int kParseOptions = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                              HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC |
                              XML_PARSE_HUGE;

void ignore_libxml_message(void*, const char*, ...) {}

// Decoding errors are reported through libxml2's generic error channel,
// which NOERROR does not cover; a bad byte in a page is not worth a line on
// our stderr. The handler is per thread in libxml2, so set it where we parse.
void silence_libxml_messages() { xmlSetGenericErrorFunc(nullptr, ignore_libxml_message); }

// Printable ASCII as markup uses it. 0x5C and 0x7E stay out: Shift_JIS
// decoders may read them as a yen sign and an overline.
constexpr std::string_view kAsciiProbe = "<meta charset=\"a+b-c\"> AZaz09 &#;:/=?!'()[]{}";

// html::DecoderKnows: utf-8 and windows-1252 are ours; any other label is
// usable when html::decode_to_utf8 has it and, UTF-16 aside, it reads
// kAsciiProbe as itself.
bool decodable(const std::string& charset) {
  if (charset == "utf-8" || charset == "windows-1252") return true;
  const std::optional<std::string> probe = html::decode_to_utf8(kAsciiProbe, charset);
  return probe.has_value() && (html::is_utf16_label(charset) || *probe == kAsciiProbe);
}

// The page as UTF-8, written to `storage` unless the bytes already are
// UTF-8. libxml2 is only ever given UTF-8: its own converters stop the whole
// parse at the first byte they cannot convert.
std::string_view to_utf8(std::string_view input, const std::string& charset, std::string& storage) {
  if (charset == "utf-8" && html::is_valid_utf8(input)) return input;
  if (charset == "utf-8") {
    storage = html::repair_utf8(input);
  } else if (charset == "windows-1252") {
    storage = html::windows_1252_to_utf8(input);
  } else {
    // choose_charset only gives labels decodable() accepted, so a decoder has it.
    std::optional<std::string> decoded = html::decode_to_utf8(input, charset);
    storage = decoded ? std::move(*decoded) : html::repair_utf8(input);
  }
  return storage;
}

}  // namespace

void HtmlDocument::FreeDoc::operator()(_xmlDoc* doc) const { xmlFreeDoc(doc); }

HtmlDocument::HtmlDocument(std::unique_ptr<_xmlDoc, FreeDoc> doc, std::string charset, bool binary)
    : doc_(std::move(doc)), charset_(std::move(charset)), binary_(binary) {}

HtmlDocument HtmlDocument::parse(std::string_view bytes, std::string_view content_type) {
  init_libxml_once();
  silence_libxml_messages();
  html::CharsetChoice choice = html::choose_charset(bytes, content_type, decodable);
  std::string decoded;
  std::string_view input = to_utf8(bytes.substr(choice.bom_length), choice.charset, decoded);
  if (input.size() > static_cast<std::size_t>(INT_MAX)) input = input.substr(0, INT_MAX);
  const bool binary = html::is_binary_data(input, html::is_utf16_label(choice.charset));

  xmlDoc* doc = nullptr;
  if (!input.empty() && !binary)
    doc = htmlReadMemory(input.data(), static_cast<int>(input.size()), nullptr, "utf-8", kParseOptions);
  if (doc == nullptr) doc = htmlNewDocNoDtD(nullptr, nullptr);  // empty, binary or unparseable: empty page
  return HtmlDocument(std::unique_ptr<_xmlDoc, FreeDoc>(doc), std::move(choice.charset), binary);
}

}  // namespace tagwire::engine
