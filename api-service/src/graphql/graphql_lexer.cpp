// The GraphQL lexer: source bytes to tokens, with graphql-js's lexical error messages.
#include "graphql/graphql_lexer.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "tagwire/common/utf8.h"

namespace tagwire::api::graphql_detail {
namespace {

constexpr uint32_t kInvalidCodePoint = 0xFFFFFFFF;

bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_name_continue(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes one UTF-8 sequence at `pos`; sets `length` (1 for an invalid byte) and
// returns kInvalidCodePoint for malformed, overlong or surrogate encodings.
uint32_t decode_utf8(std::string_view s, size_t pos, size_t& length) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  length = 1;
  if (b0 < 0x80) return b0;
  size_t n = 0;
  uint32_t cp = 0;
  uint32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) { n = 2; cp = b0 & 0x1F; min = 0x80; }
  else if ((b0 & 0xF0) == 0xE0) { n = 3; cp = b0 & 0x0F; min = 0x800; }
  else if ((b0 & 0xF8) == 0xF0) { n = 4; cp = b0 & 0x07; min = 0x10000; }
  else return kInvalidCodePoint;
  if (pos + n > s.size()) return kInvalidCodePoint;
  for (size_t i = 1; i < n; ++i) {
    const auto b = static_cast<unsigned char>(s[pos + i]);
    if ((b & 0xC0) != 0x80) return kInvalidCodePoint;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kInvalidCodePoint;
  length = n;
  return cp;
}

std::string code_point_name(uint32_t cp) {
  std::array<char, 16> buf{};
  std::snprintf(buf.data(), buf.size(), "U+%04X", static_cast<unsigned>(cp));
  return buf.data();
}

bool is_surrogate_lead(uint32_t v) { return v >= 0xD800 && v <= 0xDBFF; }
bool is_surrogate_trail(uint32_t v) { return v >= 0xDC00 && v <= 0xDFFF; }

// Reads exactly four hex digits at `pos`; -1 when they are not.
int64_t read_hex4(std::string_view s, size_t pos) {
  if (pos + 4 > s.size()) return -1;
  int64_t v = 0;
  for (size_t i = 0; i < 4; ++i) {
    const int h = hex_value(s[pos + i]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// graphql-js's dedentBlockStringLines: strip the common indentation of all lines but
// the first, then the leading and trailing blank lines.
std::string dedent_block_string(const std::vector<std::string>& lines) {
  size_t common = std::string::npos;
  size_t first = std::string::npos;
  size_t last = 0;
  bool any = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    size_t indent = 0;
    while (indent < lines[i].size() && is_blank(lines[i][indent])) ++indent;
    if (indent == lines[i].size()) continue;
    if (first == std::string::npos) first = i;
    last = i;
    any = true;
    if (i != 0 && indent < common) common = indent;
  }
  if (!any) return "";
  std::string out;
  for (size_t i = first; i <= last; ++i) {
    if (i != first) out += '\n';
    if (i == 0 || common == std::string::npos) {
      out += lines[i];
    } else {
      out += lines[i].size() > common ? lines[i].substr(common) : std::string();
    }
  }
  return out;
}

}  // namespace

std::string describe_kind(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEof: return "<EOF>";
    case TokenKind::kBang: return "\"!\"";
    case TokenKind::kDollar: return "\"$\"";
    case TokenKind::kAmp: return "\"&\"";
    case TokenKind::kParenL: return "\"(\"";
    case TokenKind::kParenR: return "\")\"";
    case TokenKind::kSpread: return "\"...\"";
    case TokenKind::kColon: return "\":\"";
    case TokenKind::kEquals: return "\"=\"";
    case TokenKind::kAt: return "\"@\"";
    case TokenKind::kBracketL: return "\"[\"";
    case TokenKind::kBracketR: return "\"]\"";
    case TokenKind::kBraceL: return "\"{\"";
    case TokenKind::kPipe: return "\"|\"";
    case TokenKind::kBraceR: return "\"}\"";
    case TokenKind::kName: return "Name";
    case TokenKind::kInt: return "Int";
    case TokenKind::kFloat: return "Float";
    case TokenKind::kString: return "String";
    case TokenKind::kBlockString: return "BlockString";
  }
  return "?";
}

std::string describe_token(const Token& token) {
  std::string desc = describe_kind(token.kind);
  switch (token.kind) {
    case TokenKind::kName: case TokenKind::kInt: case TokenKind::kFloat:
    case TokenKind::kString: case TokenKind::kBlockString:
      desc += " \"" + token.value + "\"";
      break;
    default:
      break;
  }
  return desc;
}

void Lexer::newline_at(size_t after) {
  ++line_;
  line_start_ = after;
  col_pos_ = after;
  col_ = 1;
}

GraphqlLocation Lexer::location_at(size_t pos) {
  if (col_pos_ < line_start_ || col_pos_ > pos) {
    col_pos_ = line_start_;
    col_ = 1;
  }
  for (; col_pos_ < pos && col_pos_ < src_.size(); ++col_pos_) {
    if ((static_cast<unsigned char>(src_[col_pos_]) & 0xC0) != 0x80) ++col_;
  }
  return GraphqlLocation{line_, col_};
}

bool Lexer::fail(GraphqlError& error, size_t pos, std::string message) {
  error = GraphqlError{"Syntax Error: " + std::move(message), {location_at(pos)}};
  return false;
}

// graphql-js's printCodePointAt: printable ASCII quoted, anything else as U+XXXX.
std::string Lexer::print_char_at(size_t pos) const {
  if (pos >= src_.size()) return "<EOF>";
  size_t len = 0;
  const uint32_t cp = decode_utf8(src_, pos, len);
  if (cp == kInvalidCodePoint) return code_point_name(static_cast<unsigned char>(src_[pos]));
  if (cp == '"') return "'\"'";
  if (cp >= 0x20 && cp <= 0x7E) return std::string("\"") + static_cast<char>(cp) + "\"";
  return code_point_name(cp);
}

void Lexer::skip_ignored() {
  while (pos_ < src_.size()) {
    const char c = src_[pos_];
    if (c == ' ' || c == '\t' || c == ',') {
      ++pos_;
    } else if (c == '\n') {
      ++pos_;
      newline_at(pos_);
    } else if (c == '\r') {
      pos_ += (pos_ + 1 < src_.size() && src_[pos_ + 1] == '\n') ? 2 : 1;
      newline_at(pos_);
    } else if (c == '#') {
      while (pos_ < src_.size() && src_[pos_] != '\n' && src_[pos_] != '\r') ++pos_;
    } else if (src_.substr(pos_, 3) == "\xEF\xBB\xBF") {
      pos_ += 3;
    } else {
      return;
    }
  }
}

bool Lexer::next(Token& out, GraphqlError& error) {
  skip_ignored();
  out.value.clear();
  out.location = location_at(pos_);
  if (pos_ >= src_.size()) {
    out.kind = TokenKind::kEof;
    return true;
  }
  const char c = src_[pos_];
  auto punct = [&](TokenKind kind) {
    out.kind = kind;
    ++pos_;
    return true;
  };
  switch (c) {
    case '!': return punct(TokenKind::kBang);
    case '$': return punct(TokenKind::kDollar);
    case '&': return punct(TokenKind::kAmp);
    case '(': return punct(TokenKind::kParenL);
    case ')': return punct(TokenKind::kParenR);
    case ':': return punct(TokenKind::kColon);
    case '=': return punct(TokenKind::kEquals);
    case '@': return punct(TokenKind::kAt);
    case '[': return punct(TokenKind::kBracketL);
    case ']': return punct(TokenKind::kBracketR);
    case '{': return punct(TokenKind::kBraceL);
    case '|': return punct(TokenKind::kPipe);
    case '}': return punct(TokenKind::kBraceR);
    case '.':
      if (src_.substr(pos_, 3) == "...") {
        out.kind = TokenKind::kSpread;
        pos_ += 3;
        return true;
      }
      break;
    case '"':
      return src_.substr(pos_, 3) == "\"\"\"" ? read_block_string(out, error) : read_string(out, error);
    case '\'':
      return fail(error, pos_,
                  "Unexpected single quote character ('), did you mean to use a double quote (\")?");
    default:
      break;
  }
  if (is_name_start(c)) {
    const size_t start = pos_;
    while (pos_ < src_.size() && is_name_continue(src_[pos_])) ++pos_;
    out.kind = TokenKind::kName;
    out.value.assign(src_.substr(start, pos_ - start));
    return true;
  }
  if (c == '-' || is_digit(c)) return read_number(out, error);
  return fail(error, pos_, "Unexpected character: " + print_char_at(pos_) + ".");
}

bool Lexer::read_number(Token& out, GraphqlError& error) {
  const size_t start = pos_;
  bool is_float = false;
  auto read_digits = [&]() {
    if (pos_ >= src_.size() || !is_digit(src_[pos_])) {
      return fail(error, pos_, "Invalid number, expected digit but got: " + print_char_at(pos_) + ".");
    }
    while (pos_ < src_.size() && is_digit(src_[pos_])) ++pos_;
    return true;
  };
  if (src_[pos_] == '-') ++pos_;
  if (pos_ < src_.size() && src_[pos_] == '0') {
    ++pos_;
    if (pos_ < src_.size() && is_digit(src_[pos_])) {
      return fail(error, pos_, "Invalid number, unexpected digit after 0: " + print_char_at(pos_) + ".");
    }
  } else if (!read_digits()) {
    return false;
  }
  if (pos_ < src_.size() && src_[pos_] == '.') {
    is_float = true;
    ++pos_;
    if (!read_digits()) return false;
  }
  if (pos_ < src_.size() && (src_[pos_] == 'e' || src_[pos_] == 'E')) {
    is_float = true;
    ++pos_;
    if (pos_ < src_.size() && (src_[pos_] == '+' || src_[pos_] == '-')) ++pos_;
    if (!read_digits()) return false;
  }
  if (pos_ < src_.size() && (src_[pos_] == '.' || is_name_start(src_[pos_]))) {
    return fail(error, pos_, "Invalid number, expected digit but got: " + print_char_at(pos_) + ".");
  }
  out.kind = is_float ? TokenKind::kFloat : TokenKind::kInt;
  out.value.assign(src_.substr(start, pos_ - start));
  return true;
}

bool Lexer::read_escape(std::string& value, GraphqlError& error) {
  const size_t start = pos_;  // at the backslash
  if (pos_ + 1 >= src_.size()) return fail(error, pos_, "Unterminated string.");
  const char e = src_[pos_ + 1];
  auto simple = [&](char c) {
    value += c;
    pos_ += 2;
    return true;
  };
  switch (e) {
    case '"': return simple('"');
    case '\\': return simple('\\');
    case '/': return simple('/');
    case 'b': return simple('\b');
    case 'f': return simple('\f');
    case 'n': return simple('\n');
    case 'r': return simple('\r');
    case 't': return simple('\t');
    case 'u': break;
    default: {
      size_t len = 0;
      decode_utf8(src_, pos_ + 1, len);
      return fail(error, start, "Invalid character escape sequence: \"" +
                                    std::string(src_.substr(start, 1 + len)) + "\".");
    }
  }
  auto invalid_unicode = [&](size_t length) {
    const size_t end = std::min(src_.size(), start + length);
    return fail(error, start, "Invalid Unicode escape sequence: \"" +
                                  std::string(src_.substr(start, end - start)) + "\".");
  };
  if (pos_ + 2 < src_.size() && src_[pos_ + 2] == '{') {  // \u{1F600}
    size_t p = pos_ + 3;
    uint32_t cp = 0;
    size_t digits = 0;
    while (p < src_.size() && hex_value(src_[p]) >= 0 && digits < 7) {
      cp = cp * 16 + static_cast<uint32_t>(hex_value(src_[p]));
      ++p;
      ++digits;
    }
    if (p >= src_.size() || src_[p] != '}' || digits == 0 || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return invalid_unicode(p + 1 - start);
    }
    append_utf8(value, cp);
    pos_ = p + 1;
    return true;
  }
  const int64_t v = read_hex4(src_, pos_ + 2);
  if (v < 0) return invalid_unicode(6);
  auto cp = static_cast<uint32_t>(v);
  if (is_surrogate_lead(cp)) {
    const bool pair = src_.substr(pos_ + 6, 2) == "\\u";
    const int64_t trail = pair ? read_hex4(src_, pos_ + 8) : -1;
    if (trail < 0 || !is_surrogate_trail(static_cast<uint32_t>(trail))) return invalid_unicode(6);
    cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<uint32_t>(trail) - 0xDC00);
    append_utf8(value, cp);
    pos_ += 12;
    return true;
  }
  if (is_surrogate_trail(cp)) return invalid_unicode(6);
  append_utf8(value, cp);
  pos_ += 6;
  return true;
}

bool Lexer::read_string(Token& out, GraphqlError& error) {
  ++pos_;  // opening quote
  while (pos_ < src_.size()) {
    const char c = src_[pos_];
    if (c == '"') {
      ++pos_;
      out.kind = TokenKind::kString;
      return true;
    }
    if (c == '\n' || c == '\r') break;
    if (c == '\\') {
      if (!read_escape(out.value, error)) return false;
      continue;
    }
    size_t len = 0;
    const uint32_t cp = decode_utf8(src_, pos_, len);
    if (cp == kInvalidCodePoint || (cp < 0x20 && cp != '\t')) {
      return fail(error, pos_, "Invalid character within String: " +
                                   code_point_name(cp == kInvalidCodePoint
                                                       ? static_cast<unsigned char>(c) : cp) + ".");
    }
    out.value.append(src_.substr(pos_, len));
    pos_ += len;
  }
  return fail(error, pos_, "Unterminated string.");
}

bool Lexer::read_block_string(Token& out, GraphqlError& error) {
  pos_ += 3;
  std::vector<std::string> lines(1);
  while (pos_ < src_.size()) {
    const char c = src_[pos_];
    if (src_.substr(pos_, 3) == "\"\"\"") {
      pos_ += 3;
      out.kind = TokenKind::kBlockString;
      out.value = dedent_block_string(lines);
      return true;
    }
    if (src_.substr(pos_, 4) == "\\\"\"\"") {
      lines.back() += "\"\"\"";
      pos_ += 4;
      continue;
    }
    if (c == '\n' || c == '\r') {
      pos_ += (c == '\r' && pos_ + 1 < src_.size() && src_[pos_ + 1] == '\n') ? 2 : 1;
      newline_at(pos_);
      lines.emplace_back();
      continue;
    }
    size_t len = 0;
    const uint32_t cp = decode_utf8(src_, pos_, len);
    if (cp == kInvalidCodePoint || (cp < 0x20 && cp != '\t')) {
      return fail(error, pos_, "Invalid character within String: " +
                                   code_point_name(cp == kInvalidCodePoint
                                                       ? static_cast<unsigned char>(c) : cp) + ".");
    }
    lines.back().append(src_.substr(pos_, len));
    pos_ += len;
  }
  return fail(error, pos_, "Unterminated string.");
}

}  // namespace tagwire::api::graphql_detail
