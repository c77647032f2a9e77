// Runs an HttpServer with its routes already registered on a free port for
// the life of the guard: binds and starts it, then stops and joins it.
#pragma once

#include <catch2/catch.hpp>

#include "tagwire/api/http_server.h"

namespace tagwire::api::testing {

class ServerGuard {
 public:
  explicit ServerGuard(HttpServer& server) : server_(server) {
    auto port = server.bind();
    REQUIRE(port);
    port_ = port.value();
    server.start();
  }
  ~ServerGuard() {
    server_.stop();
    server_.join();
  }
  ServerGuard(const ServerGuard&) = delete;
  ServerGuard& operator=(const ServerGuard&) = delete;

  int port() const { return port_; }

 private:
  HttpServer& server_;
  int port_ = 0;
};

}  // namespace tagwire::api::testing
