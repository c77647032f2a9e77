// What a job answers: the JobReply built from the engine's tags, the Error
// built from a failed fetch, and how the cache sizes and keeps them.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "tagwire/bus/protocol.h"
#include "tagwire/common/result.h"
#include "tagwire/compute/fetcher.h"
#include "tagwire/engine/tag.h"

namespace tagwire::compute {

// A job's answer as the link sends it and the cache keeps it.
using Answer = Result<bus::JobReply>;

// The successful answer for `url` (the normalized requested URL), with
// cached=false.
bus::JobReply reply_from_tags(std::string url, std::string final_url, engine::TagResult tags,
                              std::int64_t computed_at_ms);

// The bus error for a failed fetch: same kind; for kTargetStatus it carries the
// site's status (the reply's target_status, which the API maps to 422 or 502)
// and a message for people, "target answered HTTP <status> (...)".
Error error_from_fetch(const FetchError& failure);

// Whether a failed fetch of this kind is worth remembering for the error TTL:
// the target's answers and the address policy are, our own deadline,
// shutdown and bugs are not.
bool remember_failure(ErrorKind kind);

// An estimate of the answer's heap size in bytes, for the cache's byte bound.
std::size_t answer_bytes(const Answer& answer);

}  // namespace tagwire::compute
