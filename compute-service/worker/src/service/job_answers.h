// What a job answers: the JobReply built from the engine's tags (a failed
// fetch answers with the fetcher's Error as it is), and how the cache sizes
// and keeps them.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
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

// Whether a failed fetch of this kind is worth remembering for the error TTL:
// the target's answers and the address policy are, our own deadline,
// shutdown and bugs are not.
bool remember_failure(ErrorKind kind);

// An estimate of the answer's heap size in bytes, for the cache's byte bound.
std::size_t answer_bytes(const Answer& answer);

}  // namespace tagwire::compute
