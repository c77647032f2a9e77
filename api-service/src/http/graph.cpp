// GraphQL requests: reading the body, resolving fields, shaping the response
// (see api_graph.h).
#include "tagwire/api/api_graph.h"

#include <map>
#include <optional>
#include <variant>

#include "tagwire/api/http_json.h"
#include "tagwire/api/http_media_type.h"
#include "tagwire/api/http_response.h"
#include "tagwire/common/json.h"

namespace tagwire::api {
namespace {

// What one field resolved to: its JSON value, or an error.
struct FieldOutcome {
  std::optional<std::string> value_json;
  Error error;
};

std::string string_list_json(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) out += ',';
    append_json_string(out, items[i]);
  }
  out += ']';
  return out;
}

FieldOutcome tags_outcome(Result<TagAnswer> answer) {
  if (!answer) return FieldOutcome{std::nullopt, answer.error()};
  return FieldOutcome{string_list_json(sorted_tag_names(answer.value())), {}};
}

FieldOutcome resolve_urls(TagLookup& lookup, const FieldRequest& field) {
  Result<UrlsAnswer> answer = lookup.urls_for(field.tag, static_cast<std::size_t>(field.limit), field.cursor);
  if (!answer) return FieldOutcome{std::nullopt, answer.error()};
  return FieldOutcome{string_list_json(answer->urls), {}};
}

void append_locations(std::string& out, const std::vector<GraphqlLocation>& locations) {
  out += "\"locations\":[";
  for (std::size_t i = 0; i < locations.size(); ++i) {
    if (i != 0) out += ',';
    out += "{\"line\":" + std::to_string(locations[i].line) + ",\"column\":" + std::to_string(locations[i].column) + "}";
  }
  out += ']';
}

void append_extensions(std::string& out, std::string_view type, std::string_view request_id) {
  out += "\"extensions\":{\"type\":";
  append_json_string(out, type);
  out += ",\"request_id\":";
  append_json_string(out, request_id);
  out += '}';
}

std::string request_errors_json(const std::vector<GraphqlError>& errors, std::string_view type,
                                 std::string_view request_id) {
  std::string out = "{\"errors\":[";
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (i != 0) out += ',';
    out += "{\"message\":";
    append_json_string(out, errors[i].message);
    out += ',';
    append_locations(out, errors[i].locations);
    out += ',';
    append_extensions(out, type, request_id);
    out += '}';
  }
  out += "]}";
  return out;
}

// Every tags field's job is submitted before any is waited for, so the
// fields wait on the broker together, on this one thread.
std::vector<FieldOutcome> resolve_all(TagLookup& lookup, const std::vector<FieldRequest>& fields,
                                      TagLookup::Deadline deadline) {
  std::vector<std::optional<TagLookup::PendingTags>> pending(fields.size());
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].kind != FieldRequest::Kind::kTags) continue;
    pending[i] = lookup.begin_tags(fields[i].url, fields[i].refresh, deadline);
  }
  std::vector<FieldOutcome> outcomes(fields.size());
  for (std::size_t i = 0; i < fields.size(); ++i) {
    outcomes[i] = pending[i] ? tags_outcome(lookup.finish_tags(std::move(*pending[i])))
                             : resolve_urls(lookup, fields[i]);
  }
  return outcomes;
}

}  // namespace

std::string resolve_graphql_fields(TagLookup& lookup, const std::vector<FieldRequest>& fields,
                                   std::string_view request_id, TagLookup::Deadline deadline) {
  const std::vector<FieldOutcome> outcomes = resolve_all(lookup, fields, deadline);
  std::string data = "{\"data\":{";
  std::string errors;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i != 0) data += ',';
    append_json_string(data, fields[i].response_key);
    data += ':';
    if (outcomes[i].value_json) {
      data += *outcomes[i].value_json;
      continue;
    }
    data += "null";
    const Error shown = client_view(outcomes[i].error, request_id);
    errors += errors.empty() ? "" : ",";
    errors += "{\"message\":";
    append_json_string(errors, shown.message);
    errors += ',';
    append_locations(errors, {fields[i].location});
    errors += ",\"path\":[";
    append_json_string(errors, fields[i].response_key);
    errors += "],";
    append_extensions(errors, error_type_name(shown.kind), request_id);
    errors += '}';
  }
  data += '}';
  if (!errors.empty()) data += ",\"errors\":[" + errors + "]";
  data += '}';
  return data;
}

GraphAnswer answer_graphql(TagLookup& lookup, std::string_view content_type, std::string_view body,
                           std::string_view request_id, TagLookup::Deadline deadline) {
  const std::string essence = media_type_essence(content_type);
  GraphqlRequest request;
  if (essence == "application/graphql") {
    request.query = std::string(body);
  } else if (essence == "application/json") {
    Result<GraphqlRequest> parsed = parse_graphql_request_body(body);
    if (!parsed) {
      return GraphAnswer{400, request_errors_json({GraphqlError{parsed.error().message, {}}},
                                                  error_type_name(ErrorKind::kBadRequest), request_id)};
    }
    request = std::move(parsed.value());
  } else {
    const std::string message = "Content-Type must be application/json or application/graphql, not '" +
                                std::string(content_type) + "'";
    return GraphAnswer{415, request_errors_json({GraphqlError{message, {}}}, "unsupported_media_type", request_id)};
  }
  GraphqlParseResult parsed = parse_graphql(request.query, request.variables_json, request.operation_name);
  if (auto* errors = std::get_if<std::vector<GraphqlError>>(&parsed)) {
    return GraphAnswer{400, request_errors_json(*errors, error_type_name(ErrorKind::kGraphqlSyntax), request_id)};
  }
  return GraphAnswer{200, resolve_graphql_fields(lookup, std::get<std::vector<FieldRequest>>(parsed), request_id,
                                                 deadline)};
}

}  // namespace tagwire::api
