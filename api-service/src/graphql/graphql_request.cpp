// parse_graphql_request_body: the {query, variables, operationName} of a JSON body.
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>

#include "graphql/graphql_json.h"
#include "tagwire/api/graphql.h"

namespace tagwire::api {

Result<GraphqlRequest> parse_graphql_request_body(std::string_view body) {
  rapidjson::Document json;
  // Iterative parsing: a deeply nested body cannot exhaust the stack.
  json.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(body.data(), body.size());
  if (json.HasParseError()) {
    return Error::make(ErrorKind::kBadRequest,
                       std::string("Body is not valid JSON: ") + rapidjson::GetParseError_En(json.GetParseError()) +
                           " (at byte " + std::to_string(json.GetErrorOffset()) + ").");
  }
  if (!json.IsObject()) return Error::make(ErrorKind::kBadRequest, "Body must be a JSON object.");
  if (graphql_detail::json_nested_deeper_than(json, graphql_detail::kMaxJsonDepth)) {
    return Error::make(ErrorKind::kBadRequest, "Body is nested too deeply: more than " +
                                                   std::to_string(graphql_detail::kMaxJsonDepth) + " levels.");
  }
  GraphqlRequest request;
  const auto query = json.FindMember("query");
  if (query == json.MemberEnd() || !query->value.IsString()) {
    return Error::make(ErrorKind::kBadRequest, "Body must have a string \"query\".");
  }
  request.query.assign(query->value.GetString(), query->value.GetStringLength());

  const auto variables = json.FindMember("variables");
  if (variables != json.MemberEnd() && !variables->value.IsNull()) {
    if (!variables->value.IsObject()) {
      return Error::make(ErrorKind::kBadRequest, "\"variables\" must be a JSON object or null.");
    }
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buf);
    variables->value.Accept(writer);
    request.variables_json.assign(buf.GetString(), buf.GetSize());
  }

  const auto name = json.FindMember("operationName");
  if (name != json.MemberEnd() && !name->value.IsNull()) {
    if (!name->value.IsString()) {
      return Error::make(ErrorKind::kBadRequest, "\"operationName\" must be a string or null.");
    }
    request.operation_name.assign(name->value.GetString(), name->value.GetStringLength());
  }
  return request;
}

}  // namespace tagwire::api
