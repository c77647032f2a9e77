// Expected failures as values: an Error with a kind and a message, and
// Result<T>, which holds either a T or an Error.
//
// Exceptions and asserts are for bugs; anything a caller can reasonably meet
// (bad input, a page that cannot be fetched, a missing file) is an Error.
// Thread safety: plain values, no shared state.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace tagwire {

// A failure's kind. The `type` strings of DESIGN.md's error table map onto these
// one to one (see error_type_name), so a kind travels unchanged from a worker
// over the bus to the API's HTTP answer.
enum class ErrorKind {
  kBadRequest,        // malformed request
  kGraphqlSyntax,     // query did not parse or validate
  kInvalidUrl,        // bad URL syntax or scheme not http(s)
  kBlockedAddress,    // fetch refused by the address policy
  kTargetStatus,      // target answered 4xx/5xx
  kNotHtml,           // target is not HTML
  kTooLarge,          // target over the size cap
  kTargetUnreachable, // DNS, connect or TLS failure
  kNoWorkers,         // no compute worker connected
  kOverloaded,        // queue full
  kShuttingDown,      // draining
  kDeadline,          // request budget ran out
  kNotFound,          // a file or record that is not there
  kInternal,          // our bug
};

// The `error.type` string for a kind, as DESIGN.md names it ("bad_request", ...).
const char* error_type_name(ErrorKind kind);

// Parses a name produced by error_type_name; unknown names give kInternal.
ErrorKind error_kind_from_name(const std::string& name);

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;  // for people: says what failed and why
  // For kTargetStatus: the HTTP status the fetched site answered (the API maps
  // 4xx to 422 and 5xx to 502). 0 for every other kind.
  int target_status = 0;

  static Error make(ErrorKind kind, std::string message) { return Error{kind, std::move(message), 0}; }
  static Error target(int status, std::string message) {
    return Error{ErrorKind::kTargetStatus, std::move(message), status};
  }
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}      // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Precondition: ok(). Calling value() on an error is a bug.
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // Precondition: !ok().
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// For operations that return nothing on success.
struct Ok {};
using Status = Result<Ok>;

}  // namespace tagwire
