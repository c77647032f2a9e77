// Wiring the API: index, broker, lookup, HTTP server and routes, and the
// order they start and stop in (see api_service.h).
#include "tagwire/api/api_service.h"

#include <chrono>
#include <optional>

#include "tagwire/api/api_routes.h"
#include "tagwire/bus/key_files.h"
#include "tagwire/common/flags.h"
#include "tagwire/common/log.h"

namespace tagwire::api {
namespace {

const Logger& service_log() {
  static const Logger log("api");
  return log;
}

// How long a SIGHUP waits for the broker thread to take a new allow-list; it
// takes it within one turn.
constexpr std::chrono::milliseconds kAllowListTimeout{5000};

// A key file's error, led by the flag that named the file.
Error flag_error(const char* flag, const Error& error) {
  return Error::make(error.kind, std::string(flag) + ": " + error.message);
}

// The bus's CURVE keys from --bus-secret-key-file and --bus-allowed-keys-file:
// both files, or neither and no authentication.
Result<std::optional<bus::CurveServerKeys>> bus_curve_keys(const ApiConfig& config) {
  const bool secret_set = !config.bus_secret_key_file.empty();
  const bool allowed_set = !config.bus_allowed_keys_file.empty();
  Status paired = flags_given_together("--bus-secret-key-file", secret_set, "--bus-allowed-keys-file", allowed_set,
                                       "bus authentication takes both");
  if (!paired) return paired.error();
  if (!secret_set) return std::optional<bus::CurveServerKeys>();
  auto secret = bus::read_key_file(config.bus_secret_key_file);
  if (!secret) return flag_error("--bus-secret-key-file", secret.error());
  auto allowed = bus::read_allowed_keys_file(config.bus_allowed_keys_file);
  if (!allowed) return flag_error("--bus-allowed-keys-file", allowed.error());
  return std::optional<bus::CurveServerKeys>(bus::CurveServerKeys{std::move(secret).value(), std::move(allowed).value()});
}

}  // namespace

HttpServerOptions http_server_options(const ApiConfig& config) {
  HttpServerOptions options;
  options.host = config.http_host;
  options.port = config.http_port;
  options.min_threads = config.http_min_threads;
  options.max_threads = config.http_threads;
  options.listen_backlog = config.listen_backlog;
  options.max_body_bytes = config.max_body_bytes;
  options.max_header_bytes = config.max_header_bytes;
  options.request_read_timeout_ms = config.request_read_timeout_ms;
  options.read_timeout_ms = config.read_timeout_ms;
  options.write_timeout_ms = config.write_timeout_ms;
  options.keep_alive_timeout_s = config.keep_alive_timeout_s;
  options.keep_alive_max_requests = config.keep_alive_max_requests;
  return options;
}

ApiService::ApiService(const ApiConfig& config) : config_(config) {}

Result<std::unique_ptr<ApiService>> ApiService::start(const ApiConfig& config) {
  // First, so a bad key file fails the start before anything is opened.
  Result<std::optional<bus::CurveServerKeys>> bus_keys = bus_curve_keys(config);
  if (!bus_keys) return bus_keys.error();
  std::unique_ptr<ApiService> service(new ApiService(config));

  TagIndexOptions index_options;
  index_options.commit_interval = config.index_commit_interval;
  Result<std::unique_ptr<TagIndex>> index = TagIndex::open(config.data_dir, index_options);
  if (!index) return index.error();
  service->index_ = std::move(index.value());

  bus::BrokerOptions broker_options;
  broker_options.bind = config.bus_bind;
  broker_options.heartbeat_ms = static_cast<int>(config.heartbeat.count());
  broker_options.liveness = config.heartbeat_liveness;
  broker_options.queue_limit = config.queue_limit;
  broker_options.curve = std::move(bus_keys).value();
  Result<std::unique_ptr<bus::Broker>> broker = bus::Broker::start(broker_options);
  if (!broker) return broker.error();
  service->broker_ = std::move(broker.value());
  service->bus_endpoint_ = service->broker_->endpoint();

  const TagLookupOptions lookup_options{config.answer_cache_ttl, config.answer_cache_entries};
  service->lookup_ = std::make_unique<TagLookup>(*service->broker_, *service->index_, lookup_options);
  TagLookup* lookup = service->lookup_.get();
  // Every success, not only late ones: a waiter's caller may give up between
  // the reply's arrival and its answer, and then nobody else writes the page.
  service->broker_->on_success([lookup](const bus::JobReply& reply, bool) { lookup->record_reply(reply); });

  service->server_ = std::make_unique<HttpServer>(http_server_options(config));
  const RouteDependencies deps{service->config_, *service->lookup_, *service->broker_, *service->index_,
                               *service->server_};
  install_query_routes(*service->server_, deps);
  install_operations_routes(*service->server_, deps);
  install_admin_routes(*service->server_, deps);
  Result<int> port = service->server_->bind();
  if (!port) return port.error();
  service->http_port_ = port.value();
  service->server_->start();
  service_log().info("api serving", {{"http_host", config.http_host},
                                     {"http_port", service->http_port_},
                                     {"bus", service->bus_endpoint_},
                                     {"data_dir", config.data_dir},
                                     {"listen_backlog", service->server_->effective_backlog()},
                                     {"http_threads_max", config.http_threads},
                                     {"admin", config.admin_token.empty() ? "off" : "on"},
                                     {"bus_auth", config.bus_secret_key_file.empty() ? "off" : "curve"},
                                     {"request_timeout_ms", config.effective_request_timeout_ms()}});
  return service;
}

Result<std::size_t> ApiService::reload_bus_allow_list() {
  if (config_.bus_allowed_keys_file.empty()) {
    return Error::make(ErrorKind::kBadRequest, "the bus runs without authentication (no --bus-allowed-keys-file)");
  }
  std::lock_guard lock(broker_mutex_);
  if (!broker_) return Error::make(ErrorKind::kShuttingDown, "the API has stopped");
  auto allowed = bus::read_allowed_keys_file(config_.bus_allowed_keys_file);
  if (!allowed) return flag_error("--bus-allowed-keys-file", allowed.error());
  const std::size_t count = allowed.value().size();
  if (Status replaced = broker_->replace_allowed_workers(std::move(allowed).value(), kAllowListTimeout);
      !replaced.ok()) {
    return replaced.error();
  }
  return count;
}

void ApiService::shutdown() {
  std::call_once(shutdown_once_, [this] {
    service_log().info("api draining", {{"http_port", http_port_}});
    if (server_) server_->stop();
    if (broker_) broker_->shutdown();
    if (server_) server_->join();
    // Destruction order matters: the broker thread may still write late
    // replies to the index, so it stops before the index closes.
    server_.reset();
    {
      std::lock_guard lock(broker_mutex_);
      broker_.reset();
    }
    lookup_.reset();
    index_.reset();
    service_log().info("api stopped", {});
  });
}

ApiService::~ApiService() { shutdown(); }

}  // namespace tagwire::api
