// The JSON of GET /debug/counters (and of the "counters" in /admin/state):
// {"http":{...,"by_status":{...}},"broker":{...},"index":{...}}, flat counts
// whose names are stable for scripts and tests.
#pragma once

#include <string>

#include "tagwire/api/api_routes.h"

namespace tagwire::api {

std::string counters_json(const RouteDependencies& deps);

}  // namespace tagwire::api
