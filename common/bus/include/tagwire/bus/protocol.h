// The tagwire bus wire format (TWB/1): message types, the bodies both sides
// exchange, and their encoding. common/PROTOCOL.md is the prose specification.
//
// Every message after the ROUTER identity is exactly four frames:
//   [protocol "TWB/<major>"] [one byte: MessageType] [job id, may be empty] [JSON body, may be empty]
// The functions here are pure (strings in, values out): the broker and the
// worker link own the sockets. Decoding never throws; malformed input is an
// Error with kind kBadRequest and a message naming what was wrong, except
// decode_reply, whose failures are the worker's own error (see below).
// Thread safety: plain values and free functions, no shared state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tagwire/common/result.h"

namespace tagwire::bus {

inline constexpr std::string_view kProtocolName = "TWB";
inline constexpr int kProtocolMajor = 1;
inline constexpr int kProtocolMinor = 0;

// The largest frame either end accepts (ZMQ_MAXMSGSIZE on the ROUTER and the
// DEALER): a peer that sends a larger one is disconnected before it is held in
// memory. The largest real message, a REPLY with 130 tags of at most 200
// bytes, a 512-byte title and two URLs, is a few tens of KiB.
inline constexpr std::int64_t kMaxFrameBytes = 1 << 20;
// Tags in one REPLY: the worker's --tag-limit (at most 100) plus at most 30
// declared tags. A REPLY with more is malformed.
inline constexpr std::size_t kMaxReplyTags = 256;
// A JOB's budget is cut to this (an hour): the API's deadlines are seconds,
// and a larger number would overflow the worker's clock arithmetic.
inline constexpr std::int64_t kMaxBudgetMs = 3'600'000;

// The value rules a READY or REPLY must meet (PROTOCOL.md). With bus
// authentication off any local peer can act as a worker, and what it sends is
// logged, answered to clients and written to the tag index, so a value outside
// them makes the message malformed rather than being trusted or cut.
//
// READY's worker name: the default "<host name>-<pid>" is at most 72 bytes
// (Linux host names are at most 64). Longer, or not UTF-8, is malformed, and
// the error never repeats the name (a 500 KB name is not logged).
inline constexpr std::size_t kMaxWorkerNameBytes = 128;
// READY's version is "<major>.<minor>".
inline constexpr std::size_t kMaxVersionBytes = 16;
// A REPLY's title: the engine cuts titles at this (engine::kMaxTitleBytes,
// on a character boundary), so a longer one is not from a tagwire worker.
inline constexpr std::size_t kMaxReplyTitleBytes = 512;
// A REPLY's computed_at_ms is a unix time in ms from 0 (1970-01-01) to this,
// 9999-12-31T23:59:59.999Z, the last a four-digit year shows. No tighter bound:
// the API and worker clocks are never compared (a JOB carries a budget, not a
// time), so "in the future" cannot be judged here.
inline constexpr std::int64_t kMaxComputedAtMs = 253'402'300'799'999;
// A failure REPLY's message is cut to this many bytes (on a character
// boundary), not refused: a worker's longest, "fetching <4096-byte URL>
// (redirected to <4096-byte URL>): <cause>", fits, and the API logs the
// message of every internal error it answers.
inline constexpr std::size_t kMaxReplyErrorMessageBytes = 16 * 1024;

// "TWB/1": the first frame of every message this build sends.
std::string protocol_frame();
// "1.0": the full version a worker announces in READY.
std::string protocol_version();

enum class MessageType : std::uint8_t {
  kReady = 0x01,       // worker → API: body Ready
  kHeartbeat = 0x02,   // both ways: empty job id and body
  kJob = 0x03,         // API → worker: job id + body JobRequest
  kReply = 0x04,       // worker → API: job id + body encode_reply(...)
  kDisconnect = 0x05,  // worker → API: clean exit, empty body
  kReregister = 0x06,  // API → unknown worker: send READY again, empty body
  kRefused = 0x07,     // API → worker of another major version: body {"reason": ...}
};

// "READY", "HEARTBEAT", ... for logs; "UNKNOWN" for a byte outside the enum.
const char* message_type_name(MessageType type);

// One message as it travels, without the ROUTER identity.
struct Envelope {
  int major = kProtocolMajor;  // the peer's protocol major version, from frame 1
  MessageType type = MessageType::kHeartbeat;
  std::string job_id;
  std::string body;
};

// The four frames of an envelope sent by this build (its major is ignored:
// we always speak kProtocolMajor).
std::vector<std::string> to_frames(const Envelope& envelope);

// Parses the frames after the identity. A message with another major version
// parses fine (major says which) so the caller can answer REFUSED; an error
// means the frames are not TWB at all (wrong count, no "TWB/<n>" frame, a type
// byte outside MessageType).
Result<Envelope> parse_frames(const std::vector<std::string>& frames);

// READY body: {"capacity": N, "version": "1.0", "worker": name}.
struct Ready {
  int capacity = 1;                      // jobs the worker accepts at once, >= 1
  std::string version = protocol_version();
  std::string worker;                    // a name for logs and routing, e.g. the host name
};
std::string encode_ready(const Ready& ready);
// Fails on bad JSON, a missing field, capacity < 1, a version longer than
// kMaxVersionBytes, or a worker name longer than kMaxWorkerNameBytes or not
// UTF-8. The error's message never quotes the body's strings.
Result<Ready> decode_ready(std::string_view body);
// Major of a "M.m" version string; -1 when it does not parse.
int version_major(std::string_view version);

// JOB body: {"url": normalized URL, "refresh": bool, "budget_ms": N}.
struct JobRequest {
  std::string url;               // already normalized (common/url.h)
  bool refresh = false;          // true: skip the worker's cache
  std::int64_t budget_ms = 0;    // what is left of the request's deadline when sent, <= kMaxBudgetMs
};
std::string encode_job(const JobRequest& job);
Result<JobRequest> decode_job(std::string_view body);

// A tag in a reply. Deliberately not the engine's Tag: the bus does not depend
// on the engine, and the worker copies its tags into these.
struct ReplyTag {
  std::string tag;     // 1..kMaxTagBytes (tag_text.h) bytes of UTF-8, as normalize_tag spells it
  double score = 0.0;  // in [0, 1]: declared tags 1, inferred ones in (0, 1]
  std::string source;  // "declared" | "inferred"
};

// A successful job's answer. A failed job travels as an Error instead, so a
// worker's reply is a Result<JobReply>.
struct JobReply {
  std::string url;        // the normalized requested URL (the tag index key)
  std::string final_url;  // after redirects: an absolute http(s) URL (common/url.h)
  std::string title;      // UTF-8, at most kMaxReplyTitleBytes
  std::vector<ReplyTag> tags;
  std::int64_t computed_at_ms = 0;  // unix time in ms when the tags were computed, 0..kMaxComputedAtMs
  bool cached = false;              // answered from the worker's cache
};

// REPLY body. Success: {"ok": true, "url", "final_url", "title", "tags":
// [{"tag","score","source"}], "computed_at_ms", "cached"}. Failure: {"ok": false,
// "error": {"type": error_type_name(kind), "message": ...}}.
std::string encode_reply(const Result<JobReply>& reply);
// A REPLY body, decoded. `outcome` is the worker's answer: its tags, or, from a
// failure body, the Error it reported (kind from its type string, message cut
// to kMaxReplyErrorMessageBytes). A body that is not a valid REPLY has
// well_formed false and, as outcome, an Error of kind kInternal whose message
// starts with "malformed reply" and names the defect without quoting the body
// at length: the waiter learns the job failed, the broker counts a malformed
// message. A success is valid only when every value meets the rules on
// JobReply and ReplyTag above: `url` and `final_url` absolute http(s) URLs
// that parse_url accepts, the title and each tag within their byte limits and
// UTF-8, no tag without a name, each score a number in [0, 1], each source
// "declared" or "inferred", computed_at_ms an integer in 0..kMaxComputedAtMs,
// and `cached`, when present, a boolean.
struct DecodedReply {
  Result<JobReply> outcome;
  bool well_formed = true;
};
DecodedReply decode_reply(std::string_view body);

// REFUSED body: {"reason": "..."}.
std::string encode_refused(std::string_view reason);
// The reason, or the raw body when it is not the expected JSON.
std::string decode_refused(std::string_view body);

}  // namespace tagwire::bus
