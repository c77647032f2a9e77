// cpp-httplib set up for tagwire, and the edge behaviour all routes share
// (see http_server.h).
#include "tagwire/api/http_server.h"
#include "tagwire/common/service_thread.h"

#include "http/connection_stream.h"
#include "http/listener.h"

#include <sys/socket.h>

#include <exception>

#include "tagwire/api/http_body_framing.h"
#include "tagwire/api/http_request_id.h"
#include "tagwire/api/http_response.h"
#include "tagwire/common/listen_socket.h"
#include "tagwire/common/log.h"

namespace tagwire::api {
namespace {

const Logger& http_log() {
  static const Logger log("http");
  return log;
}

// SO_REUSEADDR (restart while old connections sit in TIME_WAIT) but not
// httplib's default SO_REUSEPORT, which would let a second API process bind
// the same port and silently take half the connections.
void reuse_address_only(socket_t fd) {
  int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
}

// Request line plus header lines, as they were on the wire (CRLFs included).
std::size_t header_bytes(const httplib::Request& req) {
  std::size_t bytes = req.method.size() + req.target.size() + req.version.size() + 4;
  for (const auto& [key, value] : req.headers) bytes += key.size() + value.size() + 4;
  return bytes;
}

void respond_headers_too_large(httplib::Response& res, std::size_t max_header_bytes, const std::string& id) {
  respond_error(res, 431, "headers_too_large",
                "request line and headers over " + std::to_string(max_header_bytes) + " bytes", id);
}

std::string request_id_of(const httplib::Response& res) { return res.get_header_value(kRequestIdHeader); }

std::string ensure_request_id(const httplib::Request& req, httplib::Response& res) {
  std::string id = request_id_of(res);
  if (id.empty()) {
    id = request_id_for(req.get_header_value(kRequestIdHeader));
    res.set_header(kRequestIdHeader, id);
  }
  return id;
}

// httplib applies a Range header to every answer, cutting JSON mid-token, and
// gives handlers only a const Request. The Request is httplib's own local, so
// clearing the ranges it parsed is defined behaviour; HTTP lets a server ignore
// Range, and every answer here is whole.
void ignore_range(const httplib::Request& req) { const_cast<httplib::Request&>(req).ranges.clear(); }

// For answers to requests httplib could not read whole, whose remaining bytes
// would otherwise be read as the next request (connection_stream.h). Same
// const_cast as ignore_range.
void close_after(const httplib::Request& req) { close_after_answer(const_cast<httplib::Request&>(req)); }

// RFC 9110's method token: one or more of !#$%&'*+-.^_`|~, digits and letters.
bool is_method_token(std::string_view method) {
  constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
  if (method.empty() || method.size() > 32) return false;
  for (const char c : method) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!alnum && kSymbols.find(c) == std::string_view::npos) return false;
  }
  return true;
}

// The methods some route here answers (OPTIONS and HEAD through httplib).
// TRACE, CONNECT and methods httplib does not know are not implemented: 501.
bool is_implemented_method(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "POST" || method == "PUT" || method == "PATCH" ||
         method == "DELETE" || method == "OPTIONS";
}

std::string join_methods(const std::set<std::string>& methods) {
  std::string out;
  for (const auto& m : methods) {
    if (!out.empty()) out += ", ";
    out += m;
  }
  return out;
}

}  // namespace

HttpServer::HttpServer(HttpServerOptions options) : options_(std::move(options)), server_(std::make_unique<Listener>()) {
  const std::size_t min_threads = options_.min_threads;
  const std::size_t max_threads = options_.max_threads;
  server_->new_task_queue = [this, min_threads, max_threads]() -> httplib::TaskQueue* {
    return new HttpWorkerPool(min_threads, max_threads, gauges_);
  };
  server_->set_socket_options(reuse_address_only);
  ConnectionTimeouts timeouts;
  timeouts.request_read = std::chrono::milliseconds(options_.request_read_timeout_ms);
  timeouts.read = std::chrono::milliseconds(options_.read_timeout_ms);
  timeouts.write = std::chrono::milliseconds(options_.write_timeout_ms);
  timeouts.keep_alive = std::chrono::seconds(options_.keep_alive_timeout_s);
  server_->set_connection_limits(timeouts, options_.keep_alive_max_requests, options_.max_header_bytes);
  const std::size_t max_body_bytes = options_.max_body_bytes;
  server_->set_close_rule(
      [max_body_bytes](const httplib::Request& req) { return body_left_unread(req, max_body_bytes); });
  // httplib writes these in each answer's Keep-Alive header; the loop applies them.
  server_->set_keep_alive_timeout(options_.keep_alive_timeout_s);
  server_->set_keep_alive_max_count(options_.keep_alive_max_requests);
  server_->set_payload_max_length(options_.max_body_bytes);
  install_edge_handlers();
}

HttpServer::~HttpServer() {
  if (accept_thread_.joinable()) {
    stop();
    join();
  }
}

void HttpServer::install_edge_handlers() {
  server_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    const std::string id = ensure_request_id(req, res);
    ignore_range(req);
    return answer_before_body(req, res, id) ? httplib::Server::HandlerResponse::Handled
                                            : httplib::Server::HandlerResponse::Unhandled;
  });
  // A client that waits for "100 Continue" learns at once that its body is too
  // large, and does not send it.
  server_->set_expect_100_continue_handler([this](const httplib::Request& req, httplib::Response& res) {
    const bool fits = body_framing(req) != BodyFraming::kDeclared || !req.has_header("Content-Length") ||
                      declared_length(req) <= options_.max_body_bytes;
    if (fits) return 100;
    res.status = 413;  // httplib writes res as it is; answer_error_status gives it its JSON
    return 413;
  });
  server_->set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req, httplib::Response& res) { return answer_error_status(req, res); }));
  server_->set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    const std::string id = ensure_request_id(req, res);
    http_log().error("handler failed",
                     {{"request_id", id}, {"method", req.method}, {"path", req.path}, {"what", describe_exception(ep)}});
    res.body.clear();
    respond_error(res, 500, error_type_name(ErrorKind::kInternal), kInternalErrorMessage, id);
  });
  server_->set_logger([](const httplib::Request& req, const httplib::Response& res) {
    http_log().debug("answered", {{"request_id", request_id_of(res)},
                                  {"method", req.method},
                                  {"path", req.path},
                                  {"status", res.status}});
  });
}

// Answers now what must not wait for a body: broken framing (400), and a
// method httplib would read a body for when none is declared (411 when the
// route exists, else 404/405 from answer_error_status). True when answered.
bool HttpServer::answer_before_body(const httplib::Request& req, httplib::Response& res, const std::string& id) {
  if (req.method == "PRI") {  // an HTTP/2 preface; nothing here speaks HTTP/2
    res.status = 404;
    return true;
  }
  switch (body_framing(req)) {
    case BodyFraming::kBroken:
      respond_error(res, 400, error_type_name(ErrorKind::kBadRequest),
                    "the body's length is unclear: Content-Length must be one decimal number of bytes, "
                    "Transfer-Encoding only \"chunked\", and not both",
                    id);
      return true;
    case BodyFraming::kNone: {
      if (!httplib_reads_body(req.method)) return false;
      const auto known = methods_by_path_.find(req.path);
      if (known != methods_by_path_.end() && known->second.count(req.method) > 0) {
        respond_error(res, 411, "length_required", req.method + " needs a Content-Length header (or a chunked body)",
                      id);
      } else {
        res.status = 404;
      }
      return true;
    }
    case BodyFraming::kDeclared:
      if (!is_multipart(req)) return false;
      respond_error(res, 415, "unsupported_media_type", "multipart bodies are not accepted; send JSON", id);
      return true;
  }
  return false;
}

// Bodies sent to a method or path without a route are read (and dropped) to
// their end before the 404/405, so the connection stays in step; see
// http_body_framing.h. Registered last: httplib tries routes in order.
void HttpServer::install_fallback_routes() {
  auto drain_then_unrouted = [](const httplib::Request&, httplib::Response& res, const httplib::ContentReader& reader) {
    read_bounded_body(reader, 0);
    res.status = 404;  // answer_error_status names the path or the methods it allows
  };
  server_->Post(".*", drain_then_unrouted);
  server_->Put(".*", drain_then_unrouted);
  server_->Patch(".*", drain_then_unrouted);
  server_->Delete(".*", drain_then_unrouted);
}

// Runs for every answer with status >= 400. Answers our handlers wrote keep
// their body; the ones httplib produced on its own (no route, body too large,
// unparsable request) get the JSON error body here.
httplib::Server::HandlerResponse HttpServer::answer_error_status(const httplib::Request& req, httplib::Response& res) {
  if (!res.body.empty()) {
    counters_.record(res.status);
    return httplib::Server::HandlerResponse::Unhandled;
  }
  const std::string id = ensure_request_id(req, res);
  if (header_bytes(req) > options_.max_header_bytes) {
    // Whatever else is wrong: a head over the limit, on a path without a route
    // or cut off by the connection (httplib's 400; connection_stream.h).
    respond_headers_too_large(res, options_.max_header_bytes, id);
  } else if (res.status == 404) {
    const auto known = methods_by_path_.find(req.path);
    if (known != methods_by_path_.end()) {
      res.set_header("Allow", join_methods(known->second));
      respond_error(res, 405, "method_not_allowed", req.method + " is not allowed on " + req.path, id);
    } else {
      respond_error(res, 404, error_type_name(ErrorKind::kNotFound), "no such path: " + req.path, id);
    }
  } else if (res.status == 413) {
    respond_error(res, 413, "payload_too_large",
                  "request body over " + std::to_string(options_.max_body_bytes) + " bytes", id);
  } else if (res.status == 414) {
    close_after(req);  // its body, if any, is still unread
    respond_error(res, 414, "uri_too_long", "request target too long", id);
  } else if (res.status >= 500) {
    respond_error(res, res.status, error_type_name(ErrorKind::kInternal), kInternalErrorMessage, id);
  } else if (res.status == 400 && is_method_token(req.method) && !is_implemented_method(req.method) &&
             (req.version == "HTTP/1.1" || req.version == "HTTP/1.0")) {
    // httplib refuses a method it does not know as an unparsable request line
    // (its headers unread), and routes none for TRACE and CONNECT.
    close_after(req);
    respond_error(res, 501, "not_implemented", "the " + req.method + " method is not implemented", id);
  } else {
    close_after(req);  // what follows a request httplib could not parse is out of step
    respond_error(res, res.status, error_type_name(ErrorKind::kBadRequest), "malformed HTTP request", id);
  }
  counters_.record(res.status);
  return httplib::Server::HandlerResponse::Handled;
}

void HttpServer::get(const std::string& path, RouteHandler handler) { add_route("GET", path, std::move(handler)); }

void HttpServer::post(const std::string& path, RouteHandler handler) { add_route("POST", path, std::move(handler)); }

void HttpServer::add_route(const std::string& method, const std::string& path, RouteHandler handler) {
  methods_by_path_[path].insert(method);
  if (method == "GET") methods_by_path_[path].insert("HEAD");
  const std::size_t max_header_bytes = options_.max_header_bytes;
  // A route registered twice keeps its first histogram (httplib answers with
  // the first handler anyway), so no handler holds a histogram that was replaced.
  auto& duration = durations_.try_emplace({path, method}, std::make_unique<AtomicHistogram>()).first->second;
  auto wrapped = [this, handler = std::move(handler), max_header_bytes, timing = duration.get()](
                     const httplib::Request& req, httplib::Response& res) {
    RequestContext context{ensure_request_id(req, res), std::chrono::steady_clock::now()};
    if (header_bytes(req) > max_header_bytes) {
      respond_headers_too_large(res, max_header_bytes, context.request_id);
    } else {
      handler(req, res, context);
      // Error statuses are counted by answer_error_status, which httplib calls
      // for every status >= 400 before writing.
      if (res.status < 400) counters_.record(res.status == -1 ? 200 : res.status);
    }
    timing->observe(std::chrono::steady_clock::now() - context.received);
  };
  // httplib matches patterns as regular expressions; our paths hold no
  // metacharacters except '.', which only ever matches itself here too.
  if (method == "GET") {
    server_->Get(path, std::move(wrapped));
    return;
  }
  const std::size_t max_body_bytes = options_.max_body_bytes;
  server_->Post(path, [wrapped = std::move(wrapped), max_body_bytes](
                          const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    BoundedBody body = read_bounded_body(reader, max_body_bytes);
    if (body.too_large || res.status == 413) {  // 413: httplib skipped a Content-Length over the limit
      res.status = 413;                         // answer_error_status writes the JSON
      return;
    }
    if (!body.complete) {
      res.status = 400;
      return;
    }
    httplib::Request with_body = req;
    with_body.body = std::move(body.bytes);
    wrapped(with_body, res);
  });
}

std::vector<HttpServer::RouteDurations> HttpServer::route_durations() const {
  std::vector<RouteDurations> out;
  out.reserve(durations_.size());
  for (const auto& [route, histogram] : durations_) out.push_back({route.second, route.first, histogram->snapshot()});
  return out;
}

Result<int> HttpServer::bind() {
  int port = options_.port;
  if (port == 0) {
    port = server_->bind_to_any_port(options_.host);
    if (port < 0) return Error::make(ErrorKind::kInternal, "cannot bind HTTP on " + options_.host + ":0");
  } else if (!server_->bind_to_port(options_.host, port)) {
    return Error::make(ErrorKind::kInternal,
                       "cannot bind HTTP on " + options_.host + ":" + std::to_string(port) + " (in use or not allowed)");
  }
  const int fd = server_->listening_fd();
  Status widened = widen_listen_backlog(fd, options_.listen_backlog);
  if (!widened) return widened.error();
  const int somaxconn = read_somaxconn();
  effective_backlog_ = (somaxconn > 0 && somaxconn < options_.listen_backlog) ? somaxconn : options_.listen_backlog;
  if (somaxconn > 0 && somaxconn < options_.listen_backlog) {
    http_log().warn("listen backlog capped by the kernel",
                    {{"asked", options_.listen_backlog}, {"somaxconn", somaxconn}, {"sysctl", "net.core.somaxconn"}});
  }
  return port;
}

void HttpServer::start() {
  install_fallback_routes();
  accept_thread_ = std::thread([this] {
    begin_service_thread("tw-http-accept");
    server_->serve();
  });
}

void HttpServer::stop() { server_->stop_accepting(); }

void HttpServer::join() {
  if (accept_thread_.joinable()) accept_thread_.join();
}

}  // namespace tagwire::api
