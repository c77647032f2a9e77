// The /admin routes, behind --admin-token (DESIGN.md: what the original's REPL
// showed and changed):
//   GET  /admin/state       config, connected workers, log level and counters
//   POST /admin/log-level   {"level": "debug"}: the log level from now on
//
// Off (no routes, so 404) when the token is unset. With it set, a request
// must carry "Authorization: Bearer <token>"; anything else answers 401
// with WWW-Authenticate. The token is compared in constant time.
#include <chrono>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "http/counters_json.h"
#include "tagwire/api/api_routes.h"
#include "tagwire/api/http_media_type.h"
#include "tagwire/api/http_response.h"
#include "tagwire/common/json.h"
#include "tagwire/common/log.h"
#include "tagwire/common/process_stats.h"

namespace tagwire::api {
namespace {

// How long /admin/state waits for the broker thread to list its workers.
constexpr std::chrono::milliseconds kWorkerListTimeout{2000};

const Logger& admin_log() {
  static const Logger log("admin");
  return log;
}

// Equal strings, in a time that depends on their lengths only.
bool same_secret(std::string_view given, std::string_view expected) {
  unsigned char difference = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < given.size(); ++i) {
    difference |= static_cast<unsigned char>(given[i] ^ expected[i % expected.size()]);
  }
  return difference == 0;
}

bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// "Bearer <token>", the scheme in any case (RFC 9110, 11.1).
bool authorized(const httplib::Request& req, const std::string& token) {
  const std::string header = req.get_header_value("Authorization");
  const std::size_t space = header.find(' ');
  if (space == std::string::npos || !ascii_iequals(std::string_view(header).substr(0, space), "bearer")) return false;
  std::string_view given = std::string_view(header).substr(space + 1);
  while (!given.empty() && given.front() == ' ') given.remove_prefix(1);
  return same_secret(given, token);
}

void append_config(std::string& out, const ApiConfig& config, const std::string& bus_endpoint) {
  out += "\"config\":{\"http_host\":";
  append_json_string(out, config.http_host);
  out += ",\"bus_endpoint\":";
  append_json_string(out, bus_endpoint);
  out += ",\"data_dir\":";
  append_json_string(out, config.data_dir);
  out += ",\"request_timeout_ms\":" + std::to_string(config.effective_request_timeout_ms()) +
         ",\"queue_limit\":" + std::to_string(config.queue_limit) +
         ",\"heartbeat_ms\":" + std::to_string(config.heartbeat.count()) +
         ",\"heartbeat_liveness\":" + std::to_string(config.heartbeat_liveness) +
         ",\"answer_cache_ttl_ms\":" + std::to_string(config.answer_cache_ttl.count()) +
         ",\"index_commit_interval_ms\":" + std::to_string(config.index_commit_interval.count()) + '}';
}

void append_workers(std::string& out, const std::vector<bus::WorkerSnapshot>& workers) {
  out += "\"workers\":[";
  for (std::size_t i = 0; i < workers.size(); ++i) {
    const bus::WorkerSnapshot& w = workers[i];
    if (i != 0) out += ',';
    out += "{\"id\":";
    append_json_string(out, w.id);
    out += ",\"name\":";
    append_json_string(out, w.name);
    out += ",\"capacity\":" + std::to_string(w.capacity) + ",\"in_flight\":" + std::to_string(w.in_flight) +
           ",\"silent_ms\":" + std::to_string(w.silent_for.count()) + '}';
  }
  out += ']';
}

double uptime_seconds() {
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  const double started = read_process_stats().start_time_seconds;
  return started > 0 && now > started ? now - started : 0;
}

// Answers 401 unless the request carries the token; true when it does.
bool admit(const httplib::Request& req, httplib::Response& res, const RequestContext& ctx, const std::string& token) {
  if (authorized(req, token)) return true;
  res.set_header("WWW-Authenticate", "Bearer realm=\"tagwire-admin\"");
  respond_error(res, 401, "unauthorized", "/admin needs the header \"Authorization: Bearer <the --admin-token>\"",
                ctx.request_id);
  return false;
}

Result<std::string> level_from_body(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("level") || !doc["level"].IsString()) {
    return Error::make(ErrorKind::kBadRequest, "the body must be JSON {\"level\": \"debug\"}");
  }
  return std::string(doc["level"].GetString(), doc["level"].GetStringLength());
}

void answer_state(const RouteDependencies& deps, httplib::Response& res, const RequestContext& ctx) {
  Result<std::vector<bus::WorkerSnapshot>> workers = deps.broker.workers(kWorkerListTimeout);
  if (!workers) {
    admin_log().error("admin state failed", {{"request_id", ctx.request_id}, {"error", workers.error().message}});
    respond_error(res, workers.error(), ctx.request_id);
    return;
  }
  std::string out = "{\"uptime_seconds\":" + std::to_string(static_cast<long long>(uptime_seconds())) +
                    ",\"log_level\":";
  append_json_string(out, log_level());
  out += ',';
  append_config(out, deps.config, deps.broker.endpoint());
  out += ',';
  append_workers(out, workers.value());
  out += ",\"counters\":" + counters_json(deps) + '}';
  res.set_header("Cache-Control", "no-store");
  respond_json(res, 200, std::move(out));
}

void answer_log_level_change(const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
  const std::string essence = media_type_essence(req.get_header_value("Content-Type"));
  if (!essence.empty() && essence != "application/json") {
    return respond_error(res, 415, "unsupported_media_type", "/admin/log-level takes application/json",
                         ctx.request_id);
  }
  Result<std::string> level = level_from_body(req.body);
  if (!level) return respond_error(res, level.error(), ctx.request_id);
  const std::string previous = log_level();
  if (!change_log_level(level.value(), "POST /admin/log-level, request " + ctx.request_id)) {
    return respond_error(res, 400, "bad_request",
                         "unknown log level '" + level.value() + "' (trace, debug, info, warn, error, critical, off)",
                         ctx.request_id);
  }
  std::string out = "{\"level\":";
  append_json_string(out, log_level());
  out += ",\"previous\":";
  append_json_string(out, previous);
  out += '}';
  respond_json(res, 200, std::move(out));
}

}  // namespace

void install_admin_routes(HttpServer& server, const RouteDependencies& deps) {
  if (deps.config.admin_token.empty()) return;
  server.get("/admin/state", [deps](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
    if (admit(req, res, ctx, deps.config.admin_token)) answer_state(deps, res, ctx);
  });
  server.post("/admin/log-level",
              [deps](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
                if (admit(req, res, ctx, deps.config.admin_token)) answer_log_level_change(req, res, ctx);
              });
}

}  // namespace tagwire::api
