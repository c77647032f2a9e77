// What a job answers: the JobReply built from the engine's tags (a failed
// fetch answers with the fetcher's Error as it is), the not_html answer of a
// body the engine found to be binary data, the deadline answer of a
// page whose budget ran out before the engine, and how the cache sizes and
// keeps them.
// Pure functions (time is a parameter); thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "tagwire/bus/protocol.h"
#include "tagwire/common/result.h"
#include "tagwire/engine/tag.h"

namespace tagwire::compute {

// A job's answer as the link sends it and the cache keeps it.
using Answer = Result<bus::JobReply>;

// The successful answer for `url` (the normalized requested URL), with
// cached=false.
bus::JobReply reply_from_tags(std::string url, std::string final_url, engine::TagResult tags,
                              std::int64_t computed_at_ms);

// The not_html answer for a page the engine found to be binary data
// (engine::TagResult::binary) although served as HTML, naming the URL (and
// the final URL after redirects, when it differs) and the Content-Type.
Error binary_page_error(const std::string& url, const std::string& final_url, const std::string& content_type);

// DESIGN.md: a worker drops a job whose budget ran out before it started.
// For a fetched page about to enter the engine: kDeadline, naming `url` and
// the time since `fetched_at` spent waiting for a CPU thread, once `now` has
// reached `deadline`; nullopt while budget remains.
std::optional<Error> budget_spent_before_engine(const std::string& url, std::chrono::steady_clock::time_point fetched_at,
                                                std::chrono::steady_clock::time_point deadline,
                                                std::chrono::steady_clock::time_point now);

// Whether a failed fetch of this kind is worth remembering for the error TTL:
// the target's answers and the address policy are, our own deadline,
// shutdown and bugs are not.
bool remember_failure(ErrorKind kind);

// Whether a failure may well not happen on the next try, so that it must not
// displace a definite answer in the cache (answer_store.h): target_unreachable
// (DNS, connect, TLS, a timeout of the target's own) and target_status 5xx,
// 408 (request timeout) and 429 (too many requests). Every other failure is
// definite: a 4xx page is gone or forbidden, not_html and too_large describe
// what the page now is, blocked_address is the policy's verdict on where the
// host now points, invalid_url never changes. Our own deadline, shutdown and
// internal failures are never remembered, so they never meet this question;
// they count as transient.
bool is_transient_failure(const Error& error);

// An estimate of the answer's heap size in bytes, for the cache's byte bound.
std::size_t answer_bytes(const Answer& answer);

}  // namespace tagwire::compute
