// Names of error kinds, as they appear in JSON bodies and on the bus.
#include "tagwire/common/result.h"

#include <array>
#include <utility>

namespace tagwire {
namespace {

constexpr std::array<std::pair<ErrorKind, const char*>, 14> kNames{{
    {ErrorKind::kBadRequest, "bad_request"},
    {ErrorKind::kGraphqlSyntax, "graphql_syntax"},
    {ErrorKind::kInvalidUrl, "invalid_url"},
    {ErrorKind::kBlockedAddress, "blocked_address"},
    {ErrorKind::kTargetStatus, "target_status"},
    {ErrorKind::kNotHtml, "not_html"},
    {ErrorKind::kTooLarge, "too_large"},
    {ErrorKind::kTargetUnreachable, "target_unreachable"},
    {ErrorKind::kNoWorkers, "no_workers"},
    {ErrorKind::kOverloaded, "overloaded"},
    {ErrorKind::kShuttingDown, "shutting_down"},
    {ErrorKind::kDeadline, "deadline"},
    {ErrorKind::kNotFound, "not_found"},
    {ErrorKind::kInternal, "internal"},
}};

}  // namespace

const char* error_type_name(ErrorKind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  return "internal";
}

ErrorKind error_kind_from_name(const std::string& name) {
  for (const auto& [k, n] : kNames) {
    if (name == n) return k;
  }
  return ErrorKind::kInternal;
}

}  // namespace tagwire
