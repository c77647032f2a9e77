// Encoding and decoding of TWB/1 frames and message bodies.
#include "tagwire/bus/protocol.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "tagwire/common/tag_text.h"
#include "tagwire/common/url.h"

namespace tagwire::bus {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_string(Writer& w, std::string_view key, std::string_view value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

std::string to_string(const rapidjson::StringBuffer& buffer) {
  return std::string(buffer.GetString(), buffer.GetSize());
}

Error malformed(std::string_view what, std::string_view detail) {
  return Error::make(ErrorKind::kBadRequest, std::string("malformed ") + std::string(what) + " body: " +
                                                 std::string(detail));
}

// Iterative: rapidjson's default parser recurses once per nesting level, and
// a 1 MiB frame of '[' overflows the broker thread's stack. (The document's
// destructor does not recurse: its pool allocator frees in one go.)
constexpr unsigned kParseFlags = rapidjson::kParseIterativeFlag;

void parse_json(rapidjson::Document& doc, std::string_view body) {
  doc.Parse<kParseFlags>(body.data(), body.size());
}

// Parses `body` as a JSON object; the error names which message it was.
Result<rapidjson::Document> parse_object(std::string_view body, std::string_view what) {
  rapidjson::Document doc;
  parse_json(doc, body);
  if (doc.HasParseError()) return malformed(what, "not JSON");
  if (!doc.IsObject()) return malformed(what, "not a JSON object");
  return doc;
}

const rapidjson::Value* member(const rapidjson::Value& obj, const char* name) {
  auto it = obj.FindMember(name);
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

std::string string_member(const rapidjson::Value& obj, const char* name) {
  const auto* v = member(obj, name);
  return (v && v->IsString()) ? std::string(v->GetString(), v->GetStringLength()) : std::string();
}

// The member's text without a copy; empty when it is missing or not a string.
std::string_view string_view_member(const rapidjson::Value& obj, const char* name) {
  const auto* v = member(obj, name);
  return (v && v->IsString()) ? std::string_view(v->GetString(), v->GetStringLength()) : std::string_view();
}

bool has_string(const rapidjson::Value& obj, const char* name) {
  const auto* v = member(obj, name);
  return v && v->IsString();
}

// Parses "TWB/<major>"; -1 when the frame is not ours.
int parse_protocol_frame(std::string_view frame) {
  const std::string prefix = std::string(kProtocolName) + "/";
  if (frame.substr(0, prefix.size()) != prefix) return -1;
  std::string_view digits = frame.substr(prefix.size());
  int major = -1;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), major);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) return -1;
  return major;
}

// Whether `text` is well-formed UTF-8 (RFC 3629): no stray continuation
// bytes, cut sequences, overlong forms, surrogates or code points past U+10FFFF.
bool valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80;  // the second byte's range, narrowed where forms are overlong or out of range
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;   // overlong
      if (lead == 0xED) high = 0x9F;  // U+D800..U+DFFF, surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;   // overlong
      if (lead == 0xF4) high = 0x8F;  // past U+10FFFF
    } else {
      return false;  // a continuation byte, C0/C1 (always overlong) or F5..FF
    }
    if (text.size() - i < length) return false;
    if (byte(i + 1) < low || byte(i + 1) > high) return false;
    for (std::size_t k = 2; k < length; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

// The longest prefix of `text` of at most `max_bytes` that does not cut a
// UTF-8 sequence (bytes that are not UTF-8 are cut like single characters).
std::string at_most(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut));
}

// A READY's or REPLY's string field `name` checked against its byte limit and
// for UTF-8: an empty string when it passes, else what is wrong, without the
// value (it may be 1 MiB).
std::string text_defect(std::string_view name, std::string_view value, std::size_t max_bytes) {
  if (value.size() > max_bytes) {
    return std::string(name) + " is " + std::to_string(value.size()) + " bytes, more than " +
           std::to_string(max_bytes);
  }
  if (!valid_utf8(value)) return std::string(name) + " is not UTF-8";
  return {};
}

bool known_type(std::uint8_t byte) {
  return byte >= static_cast<std::uint8_t>(MessageType::kReady) &&
         byte <= static_cast<std::uint8_t>(MessageType::kRefused);
}

}  // namespace

std::string protocol_frame() { return std::string(kProtocolName) + "/" + std::to_string(kProtocolMajor); }

std::string protocol_version() {
  return std::to_string(kProtocolMajor) + "." + std::to_string(kProtocolMinor);
}

const char* message_type_name(MessageType type) {
  switch (type) {
    case MessageType::kReady: return "READY";
    case MessageType::kHeartbeat: return "HEARTBEAT";
    case MessageType::kJob: return "JOB";
    case MessageType::kReply: return "REPLY";
    case MessageType::kDisconnect: return "DISCONNECT";
    case MessageType::kReregister: return "REREGISTER";
    case MessageType::kRefused: return "REFUSED";
  }
  return "UNKNOWN";
}

std::vector<std::string> to_frames(const Envelope& envelope) {
  return {protocol_frame(), std::string(1, static_cast<char>(envelope.type)), envelope.job_id,
          envelope.body};
}

Result<Envelope> parse_frames(const std::vector<std::string>& frames) {
  if (frames.size() != 4) {
    return Error::make(ErrorKind::kBadRequest,
                       "expected 4 frames after the identity, got " + std::to_string(frames.size()));
  }
  Envelope envelope;
  envelope.major = parse_protocol_frame(frames[0]);
  if (envelope.major < 0) {
    return Error::make(ErrorKind::kBadRequest, "first frame is not a TWB/<major> protocol frame");
  }
  if (frames[1].size() != 1 || !known_type(static_cast<std::uint8_t>(frames[1][0]))) {
    return Error::make(ErrorKind::kBadRequest, "second frame is not a known message type byte");
  }
  envelope.type = static_cast<MessageType>(static_cast<std::uint8_t>(frames[1][0]));
  envelope.job_id = frames[2];
  envelope.body = frames[3];
  return envelope;
}

int version_major(std::string_view version) {
  auto dot = version.find('.');
  std::string_view head = version.substr(0, dot);
  int major = -1;
  auto [end, ec] = std::from_chars(head.data(), head.data() + head.size(), major);
  if (ec != std::errc() || end != head.data() + head.size() || head.empty()) return -1;
  return major;
}

std::string encode_ready(const Ready& ready) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("capacity");
  w.Int(ready.capacity);
  write_string(w, "version", ready.version);
  write_string(w, "worker", ready.worker);
  w.EndObject();
  return to_string(buffer);
}

Result<Ready> decode_ready(std::string_view body) {
  auto doc = parse_object(body, "READY");
  if (!doc.ok()) return doc.error();
  const auto* capacity = member(*doc, "capacity");
  if (!capacity || !capacity->IsInt()) return malformed("READY", "capacity is not an integer");
  if (capacity->GetInt() < 1) return malformed("READY", "capacity is below 1");
  if (!has_string(*doc, "version")) return malformed("READY", "version is missing");
  if (const auto* name = member(*doc, "worker"); name && !name->IsString()) {
    return malformed("READY", "worker is not a string");
  }
  const std::string_view version = string_view_member(*doc, "version");
  if (version.size() > kMaxVersionBytes) {
    return malformed("READY", "version is " + std::to_string(version.size()) + " bytes, more than " +
                                  std::to_string(kMaxVersionBytes));
  }
  if (std::string defect = text_defect("worker name", string_view_member(*doc, "worker"), kMaxWorkerNameBytes);
      !defect.empty()) {
    return malformed("READY", defect);
  }
  Ready ready;
  ready.capacity = capacity->GetInt();
  ready.version = string_member(*doc, "version");
  ready.worker = string_member(*doc, "worker");
  return ready;
}

std::string encode_job(const JobRequest& job) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  write_string(w, "url", job.url);
  w.Key("refresh");
  w.Bool(job.refresh);
  w.Key("budget_ms");
  w.Int64(job.budget_ms);
  w.EndObject();
  return to_string(buffer);
}

Result<JobRequest> decode_job(std::string_view body) {
  auto doc = parse_object(body, "JOB");
  if (!doc.ok()) return doc.error();
  if (!has_string(*doc, "url")) return malformed("JOB", "url is missing");
  const auto* budget = member(*doc, "budget_ms");
  if (!budget || !budget->IsInt64()) return malformed("JOB", "budget_ms is not an integer");
  const auto* refresh = member(*doc, "refresh");
  if (refresh && !refresh->IsBool()) return malformed("JOB", "refresh is not a boolean");
  JobRequest job;
  job.url = string_member(*doc, "url");
  job.budget_ms = std::min(budget->GetInt64(), kMaxBudgetMs);
  job.refresh = refresh && refresh->GetBool();
  return job;
}

std::string encode_reply(const Result<JobReply>& reply) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("ok");
  w.Bool(reply.ok());
  if (!reply.ok()) {
    w.Key("error");
    w.StartObject();
    write_string(w, "type", error_type_name(reply.error().kind));
    write_string(w, "message", reply.error().message);
    if (reply.error().target_status != 0) {
      w.Key("target_status");
      w.Int(reply.error().target_status);
    }
    w.EndObject();
    w.EndObject();
    return to_string(buffer);
  }
  const JobReply& r = reply.value();
  write_string(w, "url", r.url);
  write_string(w, "final_url", r.final_url);
  write_string(w, "title", r.title);
  w.Key("tags");
  w.StartArray();
  for (const auto& tag : r.tags) {
    w.StartObject();
    write_string(w, "tag", tag.tag);
    w.Key("score");
    // JSON has no NaN or infinity; a non-finite score is a worker bug, sent as 0.
    w.Double(std::isfinite(tag.score) ? tag.score : 0.0);
    write_string(w, "source", tag.source);
    w.EndObject();
  }
  w.EndArray();
  w.Key("computed_at_ms");
  w.Int64(r.computed_at_ms);
  w.Key("cached");
  w.Bool(r.cached);
  w.EndObject();
  return to_string(buffer);
}

namespace {

// What is wrong with a REPLY's URL field `name`, or empty when it is an
// absolute http(s) URL parse_url accepts (at most kMaxUrlLength bytes).
std::string url_defect(const rapidjson::Value& doc, const char* name) {
  if (!has_string(doc, name)) return std::string(name) + " is missing";
  auto parsed = parse_url(string_view_member(doc, name));
  if (parsed.ok()) return {};
  // parse_url's reason may quote a host or scheme of up to kMaxUrlLength
  // bytes, and this message is logged: enough of it to name the defect.
  constexpr std::size_t kQuotedReasonBytes = 120;
  return std::string(name) + " is not an absolute http(s) URL (" +
         at_most(parsed.error().message, kQuotedReasonBytes) + ")";
}

// final_url is where the worker's fetch ended, as libcurl reports it after
// redirects: an http(s) URL, but not always one parse_url takes (a Location
// may carry credentials, or a host in Unicode), and a job must not fail for
// where a site redirected it. Its scheme and its text are checked.
std::string final_url_defect(const rapidjson::Value& doc) {
  if (!has_string(doc, "final_url")) return "final_url is missing";
  const std::string_view url = string_view_member(doc, "final_url");
  const auto starts_with_nocase = [url](std::string_view prefix) {
    return url.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), url.begin(), [](char p, char c) {
             return p == (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
           });
  };
  if (!starts_with_nocase("http://") && !starts_with_nocase("https://")) return "final_url is not an http(s) URL";
  if (std::string defect = text_defect("final_url", url, kMaxUrlLength); !defect.empty()) return defect;
  if (std::any_of(url.begin(), url.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; })) {
    return "final_url holds a space or a control character";
  }
  return {};
}

// What is wrong with one entry of a REPLY's tags, or empty when it is valid.
std::string tag_defect(const rapidjson::Value& t) {
  if (!t.IsObject() || !has_string(t, "tag")) return "a tag has no name";
  const std::string_view name = string_view_member(t, "tag");
  if (name.empty()) return "a tag has no name";
  if (std::string defect = text_defect("a tag", name, kMaxTagBytes); !defect.empty()) return defect;
  const auto* score = member(t, "score");
  if (!score || !score->IsNumber()) return "a tag has no numeric score";
  // JSON cannot carry NaN or infinity, but a bound written !(x in range) catches them too.
  if (const double v = score->GetDouble(); !(v >= 0.0 && v <= 1.0)) return "a tag's score is outside [0, 1]";
  const std::string_view source = string_view_member(t, "source");
  if (source != "declared" && source != "inferred") return "a tag's source is not \"declared\" or \"inferred\"";
  return {};
}

// decode_reply's parse: sets `well_formed` to whether `body` is a valid REPLY.
Result<JobReply> parse_reply(std::string_view body, bool& well_formed) {
  well_formed = false;
  auto malformed_reply = [](std::string_view detail) {
    return Error::make(ErrorKind::kInternal, "malformed reply from worker: " + std::string(detail));
  };
  rapidjson::Document doc;
  parse_json(doc, body);
  if (doc.HasParseError() || !doc.IsObject()) return malformed_reply("not a JSON object");
  const auto* ok = member(doc, "ok");
  if (!ok || !ok->IsBool()) return malformed_reply("ok is not a boolean");
  if (!ok->GetBool()) {
    const auto* error = member(doc, "error");
    if (!error || !error->IsObject() || !has_string(*error, "type")) {
      return malformed_reply("failure without error.type");
    }
    Error failure = Error::make(error_kind_from_name(string_member(*error, "type")),
                                at_most(string_view_member(*error, "message"), kMaxReplyErrorMessageBytes));
    if (const auto* status = member(*error, "target_status"); status && status->IsInt()) {
      failure.target_status = status->GetInt();
    }
    well_formed = true;
    return failure;
  }
  if (std::string defect = url_defect(doc, "url"); !defect.empty()) return malformed_reply(defect);
  if (std::string defect = final_url_defect(doc); !defect.empty()) return malformed_reply(defect);
  const auto* title = member(doc, "title");
  if (!title || !title->IsString()) return malformed_reply("title is not a string");
  if (std::string defect = text_defect("title", string_view_member(doc, "title"), kMaxReplyTitleBytes);
      !defect.empty()) {
    return malformed_reply(defect);
  }
  const auto* tags = member(doc, "tags");
  if (!tags || !tags->IsArray()) return malformed_reply("tags is not an array");
  if (tags->Size() > kMaxReplyTags) return malformed_reply("more than " + std::to_string(kMaxReplyTags) + " tags");
  for (const auto& t : tags->GetArray()) {
    if (std::string defect = tag_defect(t); !defect.empty()) return malformed_reply(defect);
  }
  const auto* computed = member(doc, "computed_at_ms");
  if (!computed || !computed->IsInt64()) return malformed_reply("computed_at_ms is not an integer");
  if (computed->GetInt64() < 0 || computed->GetInt64() > kMaxComputedAtMs) {
    return malformed_reply("computed_at_ms is outside 1970-01-01 .. 9999-12-31");
  }
  const auto* cached = member(doc, "cached");
  if (cached && !cached->IsBool()) return malformed_reply("cached is not a boolean");

  JobReply reply;
  reply.url = string_member(doc, "url");
  reply.final_url = string_member(doc, "final_url");
  reply.title = string_member(doc, "title");
  reply.tags.reserve(tags->Size());
  for (const auto& t : tags->GetArray()) {
    reply.tags.push_back(ReplyTag{string_member(t, "tag"), member(t, "score")->GetDouble(), string_member(t, "source")});
  }
  reply.computed_at_ms = computed->GetInt64();
  reply.cached = cached && cached->GetBool();
  well_formed = true;
  return reply;
}

}  // namespace

DecodedReply decode_reply(std::string_view body) {
  bool well_formed = false;
  Result<JobReply> outcome = parse_reply(body, well_formed);
  return DecodedReply{std::move(outcome), well_formed};
}

std::string encode_refused(std::string_view reason) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  write_string(w, "reason", reason);
  w.EndObject();
  return to_string(buffer);
}

std::string decode_refused(std::string_view body) {
  rapidjson::Document doc;
  parse_json(doc, body);
  if (!doc.HasParseError() && doc.IsObject() && has_string(doc, "reason")) {
    return string_member(doc, "reason");
  }
  return std::string(body);
}

}  // namespace tagwire::bus
