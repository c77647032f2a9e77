// Recursive-descent parser for GraphQL query documents (graphql-js's grammar and
// messages), bounded in tokens and nesting depth so hostile input stays cheap.
#include "graphql/graphql_document.h"

#include <cstdio>
#include <utility>

#include "graphql/graphql_lexer.h"

namespace tagwire::api::graphql_detail {
namespace {

class Parser {
 public:
  explicit Parser(std::string_view source) : lexer_(source) {}

  std::variant<Document, GraphqlError> parse() {
    Document doc;
    if (advance()) parse_definitions(doc);
    if (error_) return std::move(*error_);
    return doc;
  }

 private:
  bool failed() const { return error_.has_value(); }

  bool fail(std::string message, GraphqlLocation location) {
    if (!error_) error_ = GraphqlError{std::move(message), {location}};
    return false;
  }
  bool fail_unexpected() {
    return fail("Syntax Error: Unexpected " + describe_token(tok_) + ".", tok_.location);
  }

  bool advance() {
    if (failed()) return false;
    if (++token_count_ > kGraphqlMaxTokens) {
      return fail("Syntax Error: Document contains more than " + std::to_string(kGraphqlMaxTokens) +
                      " tokens. Parsing aborted.",
                  tok_.location);
    }
    GraphqlError lex_error;
    if (!lexer_.next(tok_, lex_error)) {
      error_ = std::move(lex_error);
      return false;
    }
    return true;
  }

  bool at(TokenKind kind) const { return tok_.kind == kind; }
  bool at_keyword(std::string_view word) const { return at(TokenKind::kName) && tok_.value == word; }

  bool expect(TokenKind kind) {
    if (!at(kind)) {
      return fail("Syntax Error: Expected " + describe_kind(kind) + ", found " + describe_token(tok_) + ".",
                  tok_.location);
    }
    return advance();
  }

  bool expect_name(std::string& out, GraphqlLocation* location = nullptr) {
    if (at(TokenKind::kName)) {
      out = tok_.value;
      if (location) *location = tok_.location;
    }
    return expect(TokenKind::kName);
  }

  // Nesting guard: lists, objects, list types and selection sets all recurse.
  bool enter() {
    if (++depth_ > kGraphqlMaxDepth) {
      return fail("Query is nested too deeply: more than " + std::to_string(kGraphqlMaxDepth) + " levels.",
                  tok_.location);
    }
    return true;
  }
  void leave() { --depth_; }

  bool refuse_fragment() { return fail("Fragments are not supported.", tok_.location); }

  bool refuse_directive() {
    const GraphqlLocation at_sign = tok_.location;
    std::string name;
    if (advance() && at(TokenKind::kName)) name = " \"@" + tok_.value + "\"";
    error_.reset();
    return fail("Directives are not supported" + (name.empty() ? std::string(".") : ":" + name + "."), at_sign);
  }

  void parse_definitions(Document& doc) {
    if (at(TokenKind::kEof)) {
      fail_unexpected();
      return;
    }
    while (!failed() && !at(TokenKind::kEof)) {
      Operation op;
      if (parse_operation(op)) doc.operations.push_back(std::move(op));
    }
  }

  bool parse_operation(Operation& op) {
    op.location = tok_.location;
    if (at(TokenKind::kBraceL)) {
      op.type = "query";
      return parse_selection_set(&op.fields);
    }
    if (at_keyword("fragment")) return refuse_fragment();
    if (!at_keyword("query") && !at_keyword("mutation") && !at_keyword("subscription")) {
      return fail_unexpected();
    }
    op.type = tok_.value;
    if (!advance()) return false;
    if (at(TokenKind::kName)) {
      op.name = tok_.value;
      op.name_location = tok_.location;
      if (!advance()) return false;
    }
    if (at(TokenKind::kParenL) && !parse_variable_definitions(op.variables)) return false;
    if (at(TokenKind::kAt)) return refuse_directive();
    return parse_selection_set(&op.fields);
  }

  bool parse_variable_definitions(std::vector<VariableDefinition>& out) {
    if (!expect(TokenKind::kParenL)) return false;
    do {
      VariableDefinition def;
      def.location = tok_.location;
      if (!expect(TokenKind::kDollar) || !expect_name(def.name, &def.name_location) ||
          !expect(TokenKind::kColon) || !parse_type(def)) {
        return false;
      }
      if (at(TokenKind::kEquals)) {
        def.default_value.emplace();
        if (!advance() || !parse_value(true, *def.default_value)) return false;
      }
      if (at(TokenKind::kAt)) return refuse_directive();
      out.push_back(std::move(def));
    } while (!at(TokenKind::kParenR));
    return advance();
  }

  bool parse_type(VariableDefinition& def) {
    if (!enter()) return false;
    if (at(TokenKind::kBracketL)) {
      if (!advance() || !parse_type(def) || !expect(TokenKind::kBracketR)) return false;
      def.type = "[" + def.type + "]";
    } else {
      if (!expect_name(def.type_name, &def.type_location)) return false;
      def.type = def.type_name;
    }
    if (at(TokenKind::kBang)) {
      def.type += "!";
      if (!advance()) return false;
    }
    leave();
    return true;
  }

  // `fields` null: a nested selection set, parsed for syntax and then dropped.
  bool parse_selection_set(std::vector<Field>* fields) {
    if (!expect(TokenKind::kBraceL) || !enter()) return false;
    do {
      if (at(TokenKind::kSpread)) return refuse_fragment();
      Field field;
      if (!parse_field(field)) return false;
      if (fields) fields->push_back(std::move(field));
    } while (!at(TokenKind::kBraceR));
    leave();
    return advance();
  }

  bool parse_field(Field& field) {
    field.location = tok_.location;
    if (!expect_name(field.name)) return false;
    if (at(TokenKind::kColon)) {
      field.alias = std::move(field.name);
      if (!advance() || !expect_name(field.name)) return false;
    }
    if (at(TokenKind::kParenL) && !parse_arguments(field.arguments)) return false;
    if (at(TokenKind::kAt)) return refuse_directive();
    if (at(TokenKind::kBraceL)) {
      field.selection_set = tok_.location;
      return parse_selection_set(nullptr);
    }
    return true;
  }

  bool parse_arguments(std::vector<Argument>& out) {
    if (!expect(TokenKind::kParenL)) return false;
    do {
      Argument arg;
      arg.location = tok_.location;
      if (!expect_name(arg.name) || !expect(TokenKind::kColon) || !parse_value(false, arg.value)) return false;
      out.push_back(std::move(arg));
    } while (!at(TokenKind::kParenR));
    return advance();
  }

  bool parse_value(bool is_const, Value& out) {
    out.location = tok_.location;
    switch (tok_.kind) {
      case TokenKind::kBracketL: return parse_list(is_const, out);
      case TokenKind::kBraceL: return parse_object(is_const, out);
      case TokenKind::kInt: return take_scalar(Value::Kind::kInt, out);
      case TokenKind::kFloat: return take_scalar(Value::Kind::kFloat, out);
      case TokenKind::kString:
      case TokenKind::kBlockString: return take_scalar(Value::Kind::kString, out);
      case TokenKind::kName:
        if (tok_.value == "true" || tok_.value == "false") return take_scalar(Value::Kind::kBoolean, out);
        if (tok_.value == "null") return take_scalar(Value::Kind::kNull, out);
        return take_scalar(Value::Kind::kEnum, out);
      case TokenKind::kDollar:
        return parse_variable(is_const, out);
      default:
        return fail_unexpected();
    }
  }

  bool take_scalar(Value::Kind kind, Value& out) {
    out.kind = kind;
    out.text = std::move(tok_.value);
    return advance();
  }

  bool parse_variable(bool is_const, Value& out) {
    out.kind = Value::Kind::kVariable;
    if (!advance() || !expect_name(out.text)) return false;
    if (is_const) {
      return fail("Syntax Error: Unexpected variable \"$" + out.text + "\" in constant value.", out.location);
    }
    return true;
  }

  bool parse_list(bool is_const, Value& out) {
    out.kind = Value::Kind::kList;
    if (!enter() || !advance()) return false;
    while (!at(TokenKind::kBracketR)) {
      out.items.emplace_back();
      if (!parse_value(is_const, out.items.back())) return false;
    }
    leave();
    return advance();
  }

  bool parse_object(bool is_const, Value& out) {
    out.kind = Value::Kind::kObject;
    if (!enter() || !advance()) return false;
    while (!at(TokenKind::kBraceR)) {
      out.keys.emplace_back();
      out.items.emplace_back();
      if (!expect_name(out.keys.back()) || !expect(TokenKind::kColon) ||
          !parse_value(is_const, out.items.back())) {
        return false;
      }
    }
    leave();
    return advance();
  }

  Lexer lexer_;
  Token tok_;
  std::optional<GraphqlError> error_;
  size_t token_count_ = 0;
  int depth_ = 0;
};

std::string print_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20 || u == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", u);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace

std::variant<Document, GraphqlError> parse_document(std::string_view source) {
  return Parser(source).parse();
}

std::string print_value(const Value& value) {
  switch (value.kind) {
    case Value::Kind::kVariable: return "$" + value.text;
    case Value::Kind::kString: return print_string(value.text);
    case Value::Kind::kList: {
      std::string out = "[";
      for (size_t i = 0; i < value.items.size(); ++i) out += (i ? ", " : "") + print_value(value.items[i]);
      return out + "]";
    }
    case Value::Kind::kObject: {
      std::string out = "{";
      for (size_t i = 0; i < value.items.size(); ++i) {
        out += (i ? ", " : "") + value.keys[i] + ": " + print_value(value.items[i]);
      }
      return out + "}";
    }
    default:
      return value.text;
  }
}

}  // namespace tagwire::api::graphql_detail
