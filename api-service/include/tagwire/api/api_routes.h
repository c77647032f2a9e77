// The API's routes, installed on an HttpServer:
//   POST /api/v1/graph          GraphQL (api_graph.h)
//   GET  /api/v1/tags?url=&refresh=     POST /api/v1/tags {"url","refresh"}
//   GET  /api/v1/urls?tag=&limit=&cursor=
//   GET  /benchmark/get-tags    tags of ApiConfig::bench_url
//   GET  /benchmark/get-urls    urls of ApiConfig::bench_tag
//   GET  /healthz               200 {"status":"ok"} while the process serves
//   GET  /readyz                200 {"status":"ready"} with >= 1 worker and a
//                               writable index, else 503 {"status":"unready","reasons":[...]}
//   GET  /debug/counters        HTTP answers by status, pool, broker and index figures
//   GET  /metrics               the same and more in Prometheus' text format (api_metrics.h)
//   GET  /admin/state           config, workers, log level and counters
//   POST /admin/log-level       {"level": ...}: the log level from now on
//                               (both only with ApiConfig::admin_token, and only for
//                               "Authorization: Bearer <token>", else 401)
// Every request gets a budget of ApiConfig::effective_request_timeout_ms from
// its arrival. The dependencies are borrowed and must outlive the server.
#pragma once

#include "tagwire/api/api_lookup.h"
#include "tagwire/api/config.h"
#include "tagwire/api/http_server.h"
#include "tagwire/api/tag_index.h"
#include "tagwire/bus/broker.h"

namespace tagwire::api {

struct RouteDependencies {
  const ApiConfig& config;
  TagLookup& lookup;
  bus::Broker& broker;
  TagIndex& index;
  const HttpServer& server;  // for its counters and pool gauges
};

void install_query_routes(HttpServer& server, const RouteDependencies& deps);
void install_operations_routes(HttpServer& server, const RouteDependencies& deps);
void install_admin_routes(HttpServer& server, const RouteDependencies& deps);

}  // namespace tagwire::api
