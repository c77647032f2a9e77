// POST /api/v1/graph: a GraphQL request in, a GraphQL response out.
//
// The body is the query itself (Content-Type application/graphql) or
// {"query","variables","operationName"} (application/json); any other
// Content-Type answers 415 (type unsupported_media_type). A request that does
// not parse or validate answers 400 {"errors": [{message, locations,
// extensions: {type}}]}; one that parsed answers 200 {"data": {...}} with
// "errors" beside it for the fields that failed, each error carrying path,
// locations and extensions {type, request_id}; a failed field is null in data.
// tags(url) answers the tag names sorted alphabetically; urls(tag) the URLs.
// tags fields for different URLs run concurrently (each blocks on the broker
// up to the deadline): the first on the calling thread, the others on one
// short-lived thread each, at most kGraphqlMaxFields - 1 per request.
//
// Thread safety: reentrant; TagLookup is shared.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "tagwire/api/api_lookup.h"
#include "tagwire/api/graphql.h"

namespace tagwire::api {

struct GraphAnswer {
  int status = 200;
  std::string body;  // JSON
};

GraphAnswer answer_graphql(TagLookup& lookup, std::string_view content_type, std::string_view body,
                           std::string_view request_id, TagLookup::Deadline deadline);

// Resolves validated fields; the 200 body with data and, if any field failed, errors.
std::string resolve_graphql_fields(TagLookup& lookup, const std::vector<FieldRequest>& fields,
                                   std::string_view request_id, TagLookup::Deadline deadline);

}  // namespace tagwire::api
