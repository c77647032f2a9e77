// Tokens of a GraphQL source text: the lexer the query parser reads from.
//
// Ignored tokens (whitespace, commas, comments, line terminators, byte order marks)
// are skipped. Lexical errors come back as a GraphqlError carrying graphql-js's
// message ("Syntax Error: ...") and the location of the offending character.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "tagwire/api/graphql.h"

namespace tagwire::api::graphql_detail {

enum class TokenKind {
  kEof, kBang, kDollar, kAmp, kParenL, kParenR, kSpread, kColon, kEquals, kAt,
  kBracketL, kBracketR, kBraceL, kPipe, kBraceR, kName, kInt, kFloat, kString, kBlockString,
};

struct Token {
  TokenKind kind = TokenKind::kEof;
  std::string value;  // names and numbers as written; strings decoded to UTF-8
  GraphqlLocation location;
};

// How graphql-js names a kind in "Expected X" messages: `Name`, `"{"`, `<EOF>`.
std::string describe_kind(TokenKind kind);
// How graphql-js names a token in "found X" messages: `Name "foo"`, `"}"`, `<EOF>`.
std::string describe_token(const Token& token);

class Lexer {
 public:
  explicit Lexer(std::string_view source) : src_(source) {}

  // Reads the next significant token into `out`. On a lexical error returns false and
  // fills `error`; the lexer must not be used afterwards.
  bool next(Token& out, GraphqlError& error);

 private:
  void skip_ignored();
  void newline_at(size_t after);
  GraphqlLocation location_at(size_t pos);
  bool fail(GraphqlError& error, size_t pos, std::string message);
  bool read_number(Token& out, GraphqlError& error);
  bool read_string(Token& out, GraphqlError& error);
  bool read_block_string(Token& out, GraphqlError& error);
  bool read_escape(std::string& value, GraphqlError& error);
  std::string print_char_at(size_t pos) const;

  std::string_view src_;
  size_t pos_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
  // Column cache: columns are counted in code points, incrementally, because
  // tokens are read in order (a long one-line query stays linear).
  size_t col_pos_ = 0;
  int col_ = 1;
};

}  // namespace tagwire::api::graphql_detail
