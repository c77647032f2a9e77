// Routes for operators and tests: liveness, readiness, the counters (JSON) and
// /metrics (Prometheus).
#include <string>
#include <vector>

#include "http/counters_json.h"
#include "tagwire/api/api_metrics.h"
#include "tagwire/api/api_routes.h"
#include "tagwire/api/http_errors.h"
#include "tagwire/api/http_response.h"
#include "tagwire/common/json.h"
#include "tagwire/common/metrics_text.h"

namespace tagwire::api {
namespace {

std::vector<std::string> unready_reasons(bus::Broker& broker, TagIndex& index) {
  std::vector<std::string> reasons;
  const bus::BrokerStats stats = broker.stats();
  if (!stats.accepting) reasons.push_back("shutting down");
  if (stats.workers == 0) reasons.push_back("no compute worker connected");
  Status writable = index.check_writable();
  if (!writable) reasons.push_back("tag index not writable: " + writable.error().message);
  return reasons;
}

std::string readiness_json(const std::vector<std::string>& reasons) {
  if (reasons.empty()) return "{\"status\":\"ready\"}";
  std::string out = "{\"status\":\"unready\",\"reasons\":[";
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    if (i != 0) out += ',';
    append_json_string(out, reasons[i]);
  }
  out += "]}";
  return out;
}

}  // namespace

void install_operations_routes(HttpServer& server, const RouteDependencies& deps) {
  bus::Broker& broker = deps.broker;
  TagIndex& index = deps.index;

  server.get("/healthz", [](const httplib::Request&, httplib::Response& res, const RequestContext&) {
    respond_json(res, 200, "{\"status\":\"ok\"}");
  });

  server.get("/readyz", [&broker, &index](const httplib::Request&, httplib::Response& res, const RequestContext&) {
    const std::vector<std::string> reasons = unready_reasons(broker, index);
    if (!reasons.empty()) res.set_header("Retry-After", std::to_string(kRetryAfterSeconds));
    respond_json(res, reasons.empty() ? 200 : 503, readiness_json(reasons));
  });

  server.get("/debug/counters", [deps](const httplib::Request&, httplib::Response& res, const RequestContext&) {
    respond_json(res, 200, counters_json(deps));
  });

  server.get("/metrics", [deps](const httplib::Request&, httplib::Response& res, const RequestContext&) {
    res.status = 200;
    res.set_content(render_api_metrics(gather_api_figures(deps)), kMetricsContentType);
  });
}

}  // namespace tagwire::api
