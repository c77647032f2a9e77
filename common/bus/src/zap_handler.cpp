// Answering ZAP requests from the allow-list (see zap_handler.h).
#include "zap_handler.h"

#include <zmq_addon.hpp>

#include "frames_io.h"
#include "tagwire/bus/curve_keys.h"

namespace tagwire::bus {
namespace {

constexpr const char* kZapEndpoint = "inproc://zeromq.zap.01";

// A request: version, request id, domain, address, identity, mechanism,
// then the mechanism's credentials (CURVE: one frame, the 32-byte public key).
enum ZapFrame : std::size_t { kVersion, kRequestId, kDomain, kAddress, kIdentity, kMechanism, kCredentials };
constexpr std::size_t kCurveRequestFrames = kCredentials + 1;

void send_reply(zmq::socket_t& socket, const std::string& request_id, const ZapDecision& decision) {
  const std::string status = decision.allowed ? "200" : "400";
  const std::string text = decision.allowed ? "OK" : decision.reason;
  // version, request id, status code, status text, user id (the key), metadata (none)
  std::vector<zmq::const_buffer> reply{zmq::str_buffer("1.0"), zmq::buffer(request_id), zmq::buffer(status),
                                       zmq::buffer(text), zmq::buffer(decision.public_key), zmq::str_buffer("")};
  zmq::send_multipart(socket, reply);
}

}  // namespace

ZapHandler::ZapHandler(zmq::context_t& context, const std::vector<std::string>& allowed_keys)
    : socket_(context, zmq::socket_type::rep) {
  for (const std::string& key : allowed_keys) allowed_.insert(z85_decode_key(key));
  socket_.set(zmq::sockopt::linger, 0);
  socket_.bind(kZapEndpoint);
}

void ZapHandler::replace_allowed(const std::vector<std::string>& allowed_keys) {
  allowed_.clear();
  for (const std::string& key : allowed_keys) allowed_.insert(z85_decode_key(key));
}

bool ZapHandler::allows(const std::string& z85_key) const {
  return is_z85_key(z85_key) && allowed_.contains(z85_decode_key(z85_key));
}

std::optional<ZapDecision> ZapHandler::answer_one() {
  auto request = receive_frames(socket_);
  if (!request) return std::nullopt;
  ZapDecision decision = decide(*request);
  // A REP socket must answer before it can read the next request, even a malformed one.
  send_reply(socket_, request->size() > kRequestId ? (*request)[kRequestId] : "", decision);
  return decision;
}

ZapDecision ZapHandler::decide(const std::vector<std::string>& request) const {
  ZapDecision decision;
  if (request.size() > kAddress) decision.address = request[kAddress];
  if (request.size() != kCurveRequestFrames || request[kVersion] != "1.0" || request[kMechanism] != "CURVE") {
    decision.reason = "not a ZAP 1.0 request for CURVE";
    return decision;
  }
  decision.public_key = z85_encode_key(request[kCredentials]);
  decision.allowed = allowed_.contains(request[kCredentials]);
  if (!decision.allowed) decision.reason = "public key not in the allow-list";
  return decision;
}

}  // namespace tagwire::bus
