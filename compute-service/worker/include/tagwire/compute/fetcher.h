// The worker's page fetcher: downloads a URL with libcurl on its own thread,
// separate from the CPU pool, so that slow sites never hold a core.
//
// One driver thread runs a curl multi handle: every transfer in flight
// progresses on that thread without blocking the others. Measured on the
// shared 2-core build machine: with a 3 s page in flight, a fast page from the
// same site arrived after 2 to 75 ms over four runs, the slow one after 3.01 to
// 3.08 s (`tests-compute "a slow site does not delay a fast one fetched
// meanwhile"`, its WARN line). A multi handle rather than a pool of blocking
// threads also lets a request wait for a per-host slot without holding a thread.
// Transfers share the multi handle's DNS cache and connection pool. Requests
// beyond `max_transfers`, or beyond `per_host_limit` for one host (the host of
// the requested URL; a redirect keeps counting against it), wait in a FIFO
// queue, but never past their deadline.
//
// What a fetch enforces: http and https only (also on redirects), at most
// `max_redirects` redirects, connect and total timeouts (the total also capped by
// the caller's deadline), a body cap counted on decoded bytes (and checked
// early on Content-Length), an HTML content type (or, without Content-Type, a
// body that starts with '<'), and the AddressPolicy on every address curl
// connects to, after DNS and on every redirect: libcurl's open-socket callback
// sees each resolved address, and the host a host-name exception is matched
// against is read from the transfer's effective URL at that moment, which
// libcurl has already moved to the redirect target. Environment proxies are
// ignored: the policy must judge the target, not a proxy.
//
// Latencies (for metrics) are observed on the driver thread before the fetch's
// callback runs, so a completed fetch is already counted: a transfer from its
// start to libcurl's verdict (success or failure; transfers cut short by
// shutdown are not counted), and the wait of every request that left the slot
// queue, for a transfer or because its deadline ran out there.
//
// Thread safety: fetch() may be called from any thread, and so may the
// figures (queued(), in_flight(), timings()). Callbacks run on the driver
// thread, one at a time; they must not block or throw.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tagwire/common/histogram.h"
#include "tagwire/common/result.h"

namespace tagwire::compute {

struct FetchConfig {
  std::size_t max_transfers = 16;   // transfers in flight at once, all hosts
  std::size_t per_host_limit = 4;   // transfers in flight at once for one host
  long connect_timeout_ms = 3000;   // DNS + TCP + TLS handshake
  long total_timeout_ms = 10000;    // whole transfer, before the caller's deadline cap
  long max_redirects = 5;
  std::size_t max_body_bytes = 5 * 1024 * 1024;  // decoded body; more is kTooLarge
  // CIDRs, bare addresses or host names exempt from the address policy
  // (the --allow-private flag); see address_policy.h.
  std::vector<std::string> allow_private;
  std::string user_agent = "tagwire/" TAGWIRE_VERSION;
};

struct FetchedPage {
  std::string final_url;     // after redirects
  std::string content_type;  // the final response's header as sent ("" if absent); carries the charset
  std::string body;          // decoded (gzip etc. undone), at most max_body_bytes
  int http_status = 0;       // 2xx
};

// A fetch's outcome: the page, or an Error whose kind is one of kInvalidUrl,
// kBlockedAddress, kTargetStatus, kTargetUnreachable, kNotHtml, kTooLarge,
// kDeadline, kShuttingDown, kInternal. For kTargetStatus, `target_status` is the
// target's answer (4xx maps to HTTP 422, 5xx to 502 in DESIGN.md's error table)
// and the message starts "target answered HTTP <status>"; for every other kind
// `target_status` is 0. The message names the cause and the URL.
using FetchResult = Result<FetchedPage>;

struct FetchTimings {
  Histogram transfer;   // connect, redirects and body of one transfer, until libcurl's verdict
  Histogram slot_wait;  // from fetch() until a transfer slot, or the deadline, came
};

class Fetcher {
 public:
  using Done = std::function<void(FetchResult)>;

  // Initializes libcurl once per process and starts the driver thread. Fails
  // with kBadRequest when an allow_private entry is not a CIDR or host name,
  // kInternal when libcurl cannot be set up.
  static Result<std::unique_ptr<Fetcher>> start(FetchConfig config);

  // Stops the driver thread; fetches still queued or in flight complete with
  // kShuttingDown before it returns. No fetch() may run concurrently, and a
  // callback must not destroy the fetcher (the driver thread cannot join itself).
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Queues a fetch of `url`; `done` is called exactly once, on the driver
  // thread, with the page or the error. A fetch still running at `deadline`
  // (including time spent queued) fails with kDeadline.
  void fetch(std::string url, std::chrono::steady_clock::time_point deadline, Done done);

  // Fetches waiting for a slot, and transfers in flight; for metrics.
  std::size_t queued() const;
  std::size_t in_flight() const;
  // The latencies observed so far; for metrics.
  FetchTimings timings() const;

 private:
  class Driver;
  explicit Fetcher(std::unique_ptr<Driver> driver);
  std::unique_ptr<Driver> driver_;
};

}  // namespace tagwire::compute
