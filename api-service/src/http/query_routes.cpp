// The routes that answer questions: GraphQL, REST and the benchmark paths.
#include <rapidjson/document.h>

#include <charconv>
#include <string>

#include "tagwire/api/api_graph.h"
#include "tagwire/api/api_routes.h"
#include "tagwire/api/http_json.h"
#include "tagwire/api/http_media_type.h"
#include "tagwire/api/http_response.h"

namespace tagwire::api {
namespace {

TagLookup::Deadline deadline_for(const RequestContext& context, const ApiConfig& config) {
  return context.received + std::chrono::milliseconds(config.effective_request_timeout_ms());
}

Result<bool> parse_bool_param(const std::string& text, const char* name) {
  if (text.empty() || text == "false" || text == "0") return false;
  if (text == "true" || text == "1") return true;
  return Error::make(ErrorKind::kBadRequest, std::string(name) + " must be true or false, not '" + text + "'");
}

Result<std::size_t> parse_limit_param(const httplib::Request& req) {
  if (!req.has_param("limit")) return kDefaultUrlsLimit;
  const std::string text = req.get_param_value("limit");
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value < 1 || value > kMaxUrlsLimit) {
    return Error::make(ErrorKind::kBadRequest,
                       "limit must be an integer from 1 to " + std::to_string(kMaxUrlsLimit) + ", not '" + text + "'");
  }
  return value;
}

struct TagsQuery {
  std::string url;
  bool refresh = false;
};

Result<TagsQuery> tags_query_from_params(const httplib::Request& req) {
  if (!req.has_param("url") || req.get_param_value("url").empty()) {
    return Error::make(ErrorKind::kBadRequest, "missing query parameter 'url'");
  }
  Result<bool> refresh = parse_bool_param(req.get_param_value("refresh"), "refresh");
  if (!refresh) return refresh.error();
  return TagsQuery{req.get_param_value("url"), refresh.value()};
}

// A body without Content-Type (or with an empty one) is read as JSON too: what
// a hand-written client most often forgets. A wrong one (curl -d sends a form)
// is a 415 that says so.
bool takes_json_body(const httplib::Request& req) {
  const std::string essence = media_type_essence(req.get_header_value("Content-Type"));
  return essence.empty() || essence == "application/json";
}

Result<TagsQuery> tags_query_from_body(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    return Error::make(ErrorKind::kBadRequest, "body must be a JSON object {\"url\": ..., \"refresh\": bool}");
  }
  const auto url = doc.FindMember("url");
  if (url == doc.MemberEnd() || !url->value.IsString() || url->value.GetStringLength() == 0) {
    return Error::make(ErrorKind::kBadRequest, "body needs a string \"url\"");
  }
  TagsQuery query{std::string(url->value.GetString(), url->value.GetStringLength()), false};
  const auto refresh = doc.FindMember("refresh");
  if (refresh != doc.MemberEnd() && !refresh->value.IsNull()) {
    if (!refresh->value.IsBool()) return Error::make(ErrorKind::kBadRequest, "\"refresh\" must be a boolean");
    query.refresh = refresh->value.GetBool();
  }
  return query;
}

void answer_tags(TagLookup& lookup, const Result<TagsQuery>& query, httplib::Response& res,
                 const RequestContext& context, const ApiConfig& config) {
  if (!query) return respond_error(res, query.error(), context.request_id);
  Result<TagAnswer> answer = lookup.tags_for(query->url, query->refresh, deadline_for(context, config));
  if (!answer) return respond_error(res, answer.error(), context.request_id);
  respond_json(res, 200, tags_answer_json(answer.value()));
}

void answer_urls(TagLookup& lookup, const std::string& tag, std::size_t limit, const std::string& cursor,
                 httplib::Response& res, const RequestContext& context) {
  Result<UrlsAnswer> answer = lookup.urls_for(tag, limit, cursor);
  if (!answer) return respond_error(res, answer.error(), context.request_id);
  respond_json(res, 200, urls_answer_json(answer.value()));
}

}  // namespace

void install_query_routes(HttpServer& server, const RouteDependencies& deps) {
  const ApiConfig& config = deps.config;
  TagLookup& lookup = deps.lookup;

  server.post("/api/v1/graph", [&lookup, &config](const httplib::Request& req, httplib::Response& res,
                                                  const RequestContext& context) {
    GraphAnswer answer = answer_graphql(lookup, req.get_header_value("Content-Type"), req.body, context.request_id,
                                        deadline_for(context, config));
    respond_json(res, answer.status, std::move(answer.body));
  });

  server.get("/api/v1/tags", [&lookup, &config](const httplib::Request& req, httplib::Response& res,
                                                const RequestContext& context) {
    answer_tags(lookup, tags_query_from_params(req), res, context, config);
  });

  server.post("/api/v1/tags", [&lookup, &config](const httplib::Request& req, httplib::Response& res,
                                                 const RequestContext& context) {
    if (!takes_json_body(req)) {
      return respond_error(res, 415, "unsupported_media_type",
                           "Content-Type must be application/json, not '" + req.get_header_value("Content-Type") + "'",
                           context.request_id);
    }
    answer_tags(lookup, tags_query_from_body(req.body), res, context, config);
  });

  server.get("/api/v1/urls", [&lookup](const httplib::Request& req, httplib::Response& res,
                                       const RequestContext& context) {
    if (!req.has_param("tag") || req.get_param_value("tag").empty()) {
      return respond_error(res, Error::make(ErrorKind::kBadRequest, "missing query parameter 'tag'"),
                           context.request_id);
    }
    Result<std::size_t> limit = parse_limit_param(req);
    if (!limit) return respond_error(res, limit.error(), context.request_id);
    answer_urls(lookup, req.get_param_value("tag"), limit.value(), req.get_param_value("cursor"), res, context);
  });

  server.get("/benchmark/get-tags", [&lookup, &config](const httplib::Request&, httplib::Response& res,
                                                       const RequestContext& context) {
    answer_tags(lookup, TagsQuery{config.bench_url, false}, res, context, config);
  });

  server.get("/benchmark/get-urls", [&lookup, &config](const httplib::Request&, httplib::Response& res,
                                                       const RequestContext& context) {
    answer_urls(lookup, config.bench_tag, kDefaultUrlsLimit, "", res, context);
  });
}

}  // namespace tagwire::api
