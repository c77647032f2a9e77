// parse_graphql: size limits, parsing, validation, operation selection, variable
// coercion (graphql-js's coerceVariableValues messages) and argument resolution.
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "graphql/graphql_document.h"
#include "graphql/graphql_json.h"
#include "graphql/graphql_schema.h"
#include "graphql/graphql_validation.h"
#include "tagwire/api/graphql.h"
#include "tagwire/api/tag_index.h"

namespace tagwire::api {
namespace {

using graphql_detail::Document;
using graphql_detail::Field;
using graphql_detail::FieldSpec;
using graphql_detail::Operation;
using graphql_detail::Value;
using graphql_detail::VariableDefinition;

// A coerced argument or variable value of one of the schema's scalars.
struct Scalar {
  enum class Kind { kAbsent, kNull, kString, kInt, kBoolean };
  Kind kind = Kind::kAbsent;
  std::string text;
  int64_t number = 0;
  bool flag = false;
};

using Variables = std::map<std::string, Scalar>;
using Errors = std::vector<GraphqlError>;

Errors one_error(std::string message, std::vector<GraphqlLocation> locations = {}) {
  return Errors{GraphqlError{std::move(message), std::move(locations)}};
}

Scalar scalar_from_literal(const Value& v) {
  Scalar s;
  switch (v.kind) {
    case Value::Kind::kNull: s.kind = Scalar::Kind::kNull; break;
    case Value::Kind::kString: s.kind = Scalar::Kind::kString; s.text = v.text; break;
    case Value::Kind::kInt: s.kind = Scalar::Kind::kInt; s.number = std::strtoll(v.text.c_str(), nullptr, 10); break;
    case Value::Kind::kBoolean: s.kind = Scalar::Kind::kBoolean; s.flag = v.text == "true"; break;
    default: break;  // validation refused every other literal in a scalar position
  }
  return s;
}

std::string inspect_json(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buf);
  v.Accept(writer);
  return buf.GetString();
}

// Parses a JSON value of scalar `type_name` into `out`; else the scalar's message.
std::optional<std::string> coerce_json_scalar(const rapidjson::Value& json, std::string_view type_name,
                                              Scalar& out) {
  const std::string shown = inspect_json(json);
  if (type_name == "String") {
    if (!json.IsString()) return "String cannot represent a non string value: " + shown;
    out.kind = Scalar::Kind::kString;
    out.text.assign(json.GetString(), json.GetStringLength());
    return std::nullopt;
  }
  if (type_name == "Boolean") {
    if (!json.IsBool()) return "Boolean cannot represent a non boolean value: " + shown;
    out.kind = Scalar::Kind::kBoolean;
    out.flag = json.GetBool();
    return std::nullopt;
  }
  // Int: JSON numbers with an integral value, like JavaScript's Number.isInteger.
  if (!json.IsNumber() || (json.IsDouble() && std::trunc(json.GetDouble()) != json.GetDouble())) {
    return "Int cannot represent non-integer value: " + shown;
  }
  const double d = json.GetDouble();
  if (d > 2147483647.0 || d < -2147483648.0) return "Int cannot represent non 32-bit signed integer value: " + shown;
  out.kind = Scalar::Kind::kInt;
  out.number = static_cast<int64_t>(d);
  return std::nullopt;
}

void coerce_variable(const VariableDefinition& def, const rapidjson::Value* json, Variables& vars, Errors& errors) {
  const std::string name = "Variable \"$" + def.name + "\"";
  if (!json) {
    if (def.default_value) {
      vars[def.name] = scalar_from_literal(*def.default_value);
    } else if (graphql_detail::is_non_null(def.type)) {
      errors.push_back({name + " of required type \"" + def.type + "\" was not provided.", {def.location}});
    }
    return;
  }
  if (json->IsNull()) {
    if (graphql_detail::is_non_null(def.type)) {
      errors.push_back({name + " of non-null type \"" + def.type + "\" must not be null.", {def.location}});
    } else {
      vars[def.name].kind = Scalar::Kind::kNull;
    }
    return;
  }
  Scalar value;
  std::optional<std::string> problem =
      graphql_detail::is_list(def.type)
          ? std::optional<std::string>("Lists are not supported for variables.")
          : coerce_json_scalar(*json, def.type_name, value);
  if (problem) {
    errors.push_back({name + " got invalid value " + inspect_json(*json) + "; " + *problem, {def.location}});
    return;
  }
  vars[def.name] = std::move(value);
}

std::variant<Variables, Errors> coerce_variables(const Operation& op, std::string_view variables_json) {
  rapidjson::Document json;
  const bool none = variables_json.empty();
  if (!none) {
    json.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(variables_json.data(),
                                                                                          variables_json.size());
    if (json.HasParseError()) {
      return one_error(std::string("Variables are invalid JSON: ") + rapidjson::GetParseError_En(json.GetParseError()));
    }
    if (!json.IsObject() && !json.IsNull()) return one_error("Variables must be provided as a JSON object.");
    if (graphql_detail::json_nested_deeper_than(json, graphql_detail::kMaxJsonDepth)) {
      return one_error("Variables are nested too deeply: more than " + std::to_string(graphql_detail::kMaxJsonDepth) +
                       " levels.");
    }
  }
  Variables vars;
  Errors errors;
  for (const auto& def : op.variables) {
    const rapidjson::Value* provided = nullptr;
    if (!none && json.IsObject()) {
      const auto it = json.FindMember(rapidjson::Value(def.name.c_str(), static_cast<rapidjson::SizeType>(def.name.size())));
      if (it != json.MemberEnd()) provided = &it->value;
    }
    coerce_variable(def, provided, vars, errors);
  }
  if (!errors.empty()) return errors;
  return vars;
}

std::variant<const Operation*, Errors> select_operation(const Document& doc, std::string_view operation_name) {
  if (!operation_name.empty()) {
    for (const auto& op : doc.operations) {
      if (op.name == operation_name) return &op;
    }
    return one_error("Unknown operation named \"" + std::string(operation_name) + "\".");
  }
  if (doc.operations.size() > 1) {
    std::vector<GraphqlLocation> locations;
    for (const auto& op : doc.operations) locations.push_back(op.location);
    return one_error("Must provide operation name if query contains multiple operations.", std::move(locations));
  }
  return &doc.operations.front();
}

// The argument's value: a literal, a variable's coerced value, or kAbsent.
Scalar argument_value(const Field& field, std::string_view name, const Variables& vars, GraphqlLocation* where) {
  for (const auto& arg : field.arguments) {
    if (arg.name != name) continue;
    *where = arg.value.location;
    if (arg.value.kind != Value::Kind::kVariable) return scalar_from_literal(arg.value);
    const auto it = vars.find(arg.value.text);
    return it == vars.end() ? Scalar{} : it->second;
  }
  return Scalar{};
}

bool present(const Scalar& s) { return s.kind != Scalar::Kind::kAbsent && s.kind != Scalar::Kind::kNull; }

std::optional<GraphqlError> resolve_field(const Field& field, const FieldSpec& spec, const Variables& vars,
                                          FieldRequest& out) {
  out.response_key = field.response_key();
  out.kind = spec.kind;
  out.location = field.location;
  GraphqlLocation where = field.location;
  if (spec.kind == FieldRequest::Kind::kTags) {
    out.url = argument_value(field, "url", vars, &where).text;
    const Scalar refresh = argument_value(field, "refresh", vars, &where);
    out.refresh = present(refresh) && refresh.flag;
    return std::nullopt;
  }
  out.tag = argument_value(field, "tag", vars, &where).text;
  out.cursor = argument_value(field, "cursor", vars, &where).text;
  where = field.location;
  const Scalar limit = argument_value(field, "limit", vars, &where);
  const int64_t n = present(limit) ? limit.number : static_cast<int64_t>(kDefaultUrlsLimit);
  if (n < 1 || n > static_cast<int64_t>(kMaxUrlsLimit)) {
    return GraphqlError{"Argument \"limit\" on field \"urls\" must be between 1 and " +
                            std::to_string(kMaxUrlsLimit) + ", got " + std::to_string(n) + ".",
                        {where}};
  }
  out.limit = static_cast<int>(n);
  return std::nullopt;
}

std::variant<std::vector<FieldRequest>, Errors> resolve_fields(const Operation& op, const Variables& vars) {
  std::vector<FieldRequest> fields;
  Errors errors;
  for (const auto& field : op.fields) {
    const bool merged = std::any_of(fields.begin(), fields.end(),
                                    [&](const FieldRequest& f) { return f.response_key == field.response_key(); });
    if (merged) continue;  // validation proved it identical to the first with this key
    FieldRequest request;
    if (auto error = resolve_field(field, *graphql_detail::find_field(field.name), vars, request)) {
      errors.push_back(std::move(*error));
    } else {
      fields.push_back(std::move(request));
    }
  }
  if (!errors.empty()) return errors;
  return fields;
}

}  // namespace

GraphqlParseResult parse_graphql(std::string_view query, std::string_view variables_json,
                                 std::string_view operation_name) {
  if (query.size() > kGraphqlMaxQueryBytes) {
    return one_error("Query is too large: " + std::to_string(query.size()) + " bytes, at most " +
                     std::to_string(kGraphqlMaxQueryBytes) + " are allowed.");
  }
  if (variables_json.size() > kGraphqlMaxVariablesBytes) {
    return one_error("Variables are too large: " + std::to_string(variables_json.size()) + " bytes, at most " +
                     std::to_string(kGraphqlMaxVariablesBytes) + " are allowed.");
  }
  auto parsed = graphql_detail::parse_document(query);
  if (auto* error = std::get_if<GraphqlError>(&parsed)) return Errors{std::move(*error)};
  const Document& doc = std::get<Document>(parsed);
  if (Errors errors = graphql_detail::validate_document(doc); !errors.empty()) return errors;

  auto selected = select_operation(doc, operation_name);
  if (auto* errors = std::get_if<Errors>(&selected)) return std::move(*errors);
  const Operation& op = *std::get<const Operation*>(selected);

  auto vars = coerce_variables(op, variables_json == "null" ? std::string_view() : variables_json);
  if (auto* errors = std::get_if<Errors>(&vars)) return std::move(*errors);
  auto fields = resolve_fields(op, std::get<Variables>(vars));
  if (auto* errors = std::get_if<Errors>(&fields)) return std::move(*errors);
  return std::move(std::get<std::vector<FieldRequest>>(fields));
}

}  // namespace tagwire::api
