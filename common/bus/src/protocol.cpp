// Encoding and decoding of TWB/1 frames and message bodies.
#include "tagwire/bus/protocol.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <charconv>
#include <cmath>

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

// Parses `body` as a JSON object; the error names which message it was.
Result<rapidjson::Document> parse_object(std::string_view body, std::string_view what) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
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

// decode_reply's parse: sets `well_formed` to whether `body` is a valid REPLY.
Result<JobReply> parse_reply(std::string_view body, bool& well_formed) {
  well_formed = false;
  auto malformed_reply = [](std::string_view detail) {
    return Error::make(ErrorKind::kInternal, "malformed reply from worker: " + std::string(detail));
  };
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return malformed_reply("not a JSON object");
  const auto* ok = member(doc, "ok");
  if (!ok || !ok->IsBool()) return malformed_reply("ok is not a boolean");
  if (!ok->GetBool()) {
    const auto* error = member(doc, "error");
    if (!error || !error->IsObject() || !has_string(*error, "type")) {
      return malformed_reply("failure without error.type");
    }
    Error failure = Error::make(error_kind_from_name(string_member(*error, "type")),
                                string_member(*error, "message"));
    if (const auto* status = member(*error, "target_status"); status && status->IsInt()) {
      failure.target_status = status->GetInt();
    }
    well_formed = true;
    return failure;
  }
  if (!has_string(doc, "url")) return malformed_reply("url is missing");
  JobReply reply;
  reply.url = string_member(doc, "url");
  reply.final_url = string_member(doc, "final_url");
  reply.title = string_member(doc, "title");
  const auto* tags = member(doc, "tags");
  if (!tags || !tags->IsArray()) return malformed_reply("tags is not an array");
  if (tags->Size() > kMaxReplyTags) return malformed_reply("more than " + std::to_string(kMaxReplyTags) + " tags");
  for (const auto& t : tags->GetArray()) {
    if (!t.IsObject() || !has_string(t, "tag")) return malformed_reply("a tag has no name");
    const auto* score = member(t, "score");
    if (!score || !score->IsNumber()) return malformed_reply("a tag has no numeric score");
    reply.tags.push_back(ReplyTag{string_member(t, "tag"), score->GetDouble(), string_member(t, "source")});
  }
  const auto* computed = member(doc, "computed_at_ms");
  if (computed && computed->IsInt64()) reply.computed_at_ms = computed->GetInt64();
  const auto* cached = member(doc, "cached");
  reply.cached = cached && cached->IsBool() && cached->GetBool();
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
  doc.Parse(body.data(), body.size());
  if (!doc.HasParseError() && doc.IsObject() && has_string(doc, "reason")) {
    return string_member(doc, "reason");
  }
  return std::string(body);
}

}  // namespace tagwire::bus
