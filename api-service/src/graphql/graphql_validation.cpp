// Validation rules: operation types and names, variable definitions and usages, known
// fields and arguments, argument literal types, required arguments, leaf fields,
// field merging and the per-operation field limit.
#include "graphql/graphql_validation.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "graphql/graphql_schema.h"

namespace tagwire::api::graphql_detail {
namespace {

// A variable used in an argument, and the type its position expects ("" unknown).
struct VariableUsage {
  const Value* variable;
  std::string expected_type;
  bool position_has_default;
};

class Validator {
 public:
  explicit Validator(const Document& doc) : doc_(doc) {}

  std::vector<GraphqlError> run() {
    check_operation_names();
    for (const auto& op : doc_.operations) check_operation(op);
    if (errors_.size() > kMaxValidationErrors) {
      errors_.resize(kMaxValidationErrors);
      errors_.push_back({"Too many validation errors, error limit reached. Validation aborted.", {}});
    }
    return std::move(errors_);
  }

 private:
  void report(std::string message, std::vector<GraphqlLocation> locations) {
    if (errors_.size() <= kMaxValidationErrors) errors_.push_back({std::move(message), std::move(locations)});
  }

  void check_operation_names() {
    std::map<std::string, const Operation*> seen;
    for (const auto& op : doc_.operations) {
      if (op.name.empty()) {
        if (doc_.operations.size() > 1) {
          report("This anonymous operation must be the only defined operation.", {op.location});
        }
        continue;
      }
      const auto [it, fresh] = seen.emplace(op.name, &op);
      if (!fresh) {
        report("There can be only one operation named \"" + op.name + "\".",
               {it->second->name_location, op.name_location});
      }
    }
  }

  void check_operation(const Operation& op) {
    if (op.type != "query") {
      report("Schema is not configured to execute " + op.type + " operation.", {op.location});
      return;
    }
    check_variable_definitions(op);
    if (op.fields.size() > kGraphqlMaxFields) {
      report("Query selects " + std::to_string(op.fields.size()) + " fields; at most " +
                 std::to_string(kGraphqlMaxFields) + " are allowed.",
             {op.fields[kGraphqlMaxFields].location});
      return;
    }
    std::vector<VariableUsage> usages;
    for (const auto& field : op.fields) check_field(field, usages);
    check_variable_usages(op, usages);
    check_field_merging(op);
  }

  void check_variable_definitions(const Operation& op) {
    std::map<std::string, const VariableDefinition*> seen;
    for (const auto& def : op.variables) {
      const auto [it, fresh] = seen.emplace(def.name, &def);
      if (!fresh) {
        report("There can be only one variable named \"$" + def.name + "\".",
               {it->second->name_location, def.name_location});
      }
      if (!is_known_type(def.type_name)) {
        report("Unknown type \"" + def.type_name + "\"." + did_you_mean(def.type_name, known_type_names()),
               {def.type_location});
      } else if (def.default_value) {
        check_literal(*def.default_value, def.type);
      }
    }
  }

  void check_field(const Field& field, std::vector<VariableUsage>& usages) {
    const FieldSpec* spec = find_field(field.name);
    if (!spec) {
      std::vector<std::string_view> names;
      for (const auto& f : query_fields()) names.push_back(f.name);
      report("Cannot query field \"" + field.name + "\" on type \"" + std::string(kQueryTypeName) + "\"." +
                 did_you_mean(field.name, names),
             {field.location});
      return;
    }
    check_arguments(field, *spec, usages);
    check_required_arguments(field, *spec);
    if (field.selection_set) {
      report("Field \"" + field.name + "\" must not have a selection since type \"" + std::string(spec->type) +
                 "\" has no subfields.",
             {*field.selection_set});
    }
  }

  void check_arguments(const Field& field, const FieldSpec& spec, std::vector<VariableUsage>& usages) {
    std::set<std::string> reported_duplicates;
    for (const auto& arg : field.arguments) {
      report_duplicate_argument(field, arg, reported_duplicates);
      const ArgumentSpec* arg_spec = find_argument(spec, arg.name);
      if (!arg_spec) {
        std::vector<std::string_view> names;
        for (const auto& a : spec.arguments) names.push_back(a.name);
        report("Unknown argument \"" + arg.name + "\" on field \"" + std::string(kQueryTypeName) + "." +
                   field.name + "\"." + did_you_mean(arg.name, names),
               {arg.location});
        collect_usages(arg.value, "", false, usages);
        continue;
      }
      check_literal(arg.value, arg_spec->type);
      collect_usages(arg.value, std::string(arg_spec->type), arg_spec->has_default, usages);
    }
  }

  void report_duplicate_argument(const Field& field, const Argument& arg, std::set<std::string>& reported) {
    std::vector<GraphqlLocation> locations;
    for (const auto& other : field.arguments) {
      if (other.name == arg.name) locations.push_back(other.location);
    }
    if (locations.size() > 1 && reported.insert(arg.name).second) {
      report("There can be only one argument named \"" + arg.name + "\".", std::move(locations));
    }
  }

  void check_required_arguments(const Field& field, const FieldSpec& spec) {
    for (const auto& arg_spec : spec.arguments) {
      if (!is_non_null(arg_spec.type) || arg_spec.has_default) continue;
      const bool provided = std::any_of(field.arguments.begin(), field.arguments.end(),
                                        [&](const Argument& a) { return a.name == arg_spec.name; });
      if (!provided) {
        report("Field \"" + field.name + "\" argument \"" + std::string(arg_spec.name) + "\" of type \"" +
                   std::string(arg_spec.type) + "\" is required, but it was not provided.",
               {field.location});
      }
    }
  }

  // ValuesOfCorrectType for a literal in a position of `type`; variables are checked
  // by usage instead.
  void check_literal(const Value& value, std::string_view type) {
    if (value.kind == Value::Kind::kVariable) return;
    if (is_non_null(type)) {
      if (value.kind == Value::Kind::kNull) {
        report("Expected value of type \"" + std::string(type) + "\", found null.", {value.location});
        return;
      }
      check_literal(value, nullable(type));
      return;
    }
    if (value.kind == Value::Kind::kNull) return;
    if (is_list(type)) {
      if (value.kind != Value::Kind::kList) {
        check_literal(value, list_item(type));
        return;
      }
      for (const auto& item : value.items) check_literal(item, list_item(type));
      return;
    }
    check_scalar_literal(value, type);
  }

  void check_scalar_literal(const Value& value, std::string_view type) {
    const std::string printed = print_value(value);
    if (type == "String" && value.kind != Value::Kind::kString) {
      report("String cannot represent a non string value: " + printed, {value.location});
    } else if (type == "Boolean" && value.kind != Value::Kind::kBoolean) {
      report("Boolean cannot represent a non boolean value: " + printed, {value.location});
    } else if (type == "Int") {
      if (value.kind != Value::Kind::kInt) {
        report("Int cannot represent non-integer value: " + printed, {value.location});
        return;
      }
      errno = 0;
      const long long v = std::strtoll(value.text.c_str(), nullptr, 10);
      if (errno == ERANGE || v > 2147483647LL || v < -2147483648LL) {
        report("Int cannot represent non 32-bit signed integer value: " + value.text, {value.location});
      }
    }
  }

  void collect_usages(const Value& value, std::string type, bool has_default, std::vector<VariableUsage>& out) {
    if (value.kind == Value::Kind::kVariable) {
      out.push_back({&value, std::move(type), has_default});
      return;
    }
    for (const auto& item : value.items) {
      const bool list_position = value.kind == Value::Kind::kList && !type.empty() && is_list(type);
      collect_usages(item, list_position ? std::string(list_item(type)) : std::string(), false, out);
    }
  }

  void check_variable_usages(const Operation& op, const std::vector<VariableUsage>& usages) {
    std::set<std::string> used;
    for (const auto& usage : usages) {
      const std::string& name = usage.variable->text;
      used.insert(name);
      const auto def = std::find_if(op.variables.begin(), op.variables.end(),
                                    [&](const VariableDefinition& d) { return d.name == name; });
      if (def == op.variables.end()) {
        report("Variable \"$" + name + "\" is not defined" +
                   (op.name.empty() ? std::string(".") : " by operation \"" + op.name + "\"."),
               {usage.variable->location, op.location});
        continue;
      }
      if (usage.expected_type.empty() || !is_known_type(def->type_name)) continue;
      const bool var_has_non_null_default =
          def->default_value && def->default_value->kind != Value::Kind::kNull;
      if (!allowed_in_position(def->type, var_has_non_null_default, usage.expected_type,
                               usage.position_has_default)) {
        report("Variable \"$" + name + "\" of type \"" + def->type + "\" used in position expecting type \"" +
                   usage.expected_type + "\".",
               {def->location, usage.variable->location});
      }
    }
    for (const auto& def : op.variables) {
      if (used.count(def.name) == 0) {
        report("Variable \"$" + def.name + "\" is never used" +
                   (op.name.empty() ? std::string(".") : " in operation \"" + op.name + "\"."),
               {def.location});
      }
    }
  }

  static bool is_subtype(std::string_view a, std::string_view b) {
    if (a == b) return true;
    if (is_non_null(b)) return is_non_null(a) && is_subtype(nullable(a), nullable(b));
    if (is_non_null(a)) return is_subtype(nullable(a), b);
    if (is_list(b)) return is_list(a) && is_subtype(list_item(a), list_item(b));
    return false;
  }

  // graphql-js's VariablesInAllowedPosition, including its allowance for a nullable
  // variable in a non-null position when either side has a default.
  static bool allowed_in_position(std::string_view var_type, bool var_has_non_null_default,
                                  std::string_view location_type, bool location_has_default) {
    if (is_non_null(location_type) && !is_non_null(var_type)) {
      if (!var_has_non_null_default && !location_has_default) return false;
      return is_subtype(var_type, nullable(location_type));
    }
    return is_subtype(var_type, location_type);
  }

  static std::vector<std::pair<std::string, std::string>> printed_arguments(const Field& field) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& a : field.arguments) out.emplace_back(a.name, print_value(a.value));
    std::sort(out.begin(), out.end());
    return out;
  }

  void check_field_merging(const Operation& op) {
    std::map<std::string, const Field*> first_by_key;
    for (const auto& field : op.fields) {
      if (!find_field(field.name)) continue;
      const auto [it, fresh] = first_by_key.emplace(field.response_key(), &field);
      if (fresh) continue;
      const Field& first = *it->second;
      std::string reason;
      if (first.name != field.name) {
        reason = "\"" + first.name + "\" and \"" + field.name + "\" are different fields";
      } else if (printed_arguments(first) != printed_arguments(field)) {
        reason = "they have differing arguments";
      } else {
        continue;
      }
      report("Fields \"" + field.response_key() + "\" conflict because " + reason +
                 ". Use different aliases on the fields to fetch both if this was intentional.",
             {first.location, field.location});
    }
  }

  const Document& doc_;
  std::vector<GraphqlError> errors_;
};

}  // namespace

std::vector<GraphqlError> validate_document(const Document& doc) { return Validator(doc).run(); }

}  // namespace tagwire::api::graphql_detail
