// Which cached answer gives way to which.
#include "service/answer_store.h"

namespace tagwire::compute {
namespace {

bool is_transient(const Answer& answer) { return !answer.ok() && is_transient_failure(answer.error()); }

// Whether `incoming` may replace the live entry `held`.
bool replaces(const StoredAnswer& incoming, const StoredAnswer& held) {
  const bool incoming_transient = is_transient(incoming.answer);
  const bool held_transient = is_transient(held.answer);
  if (incoming_transient != held_transient) return held_transient;
  return incoming.fetch_sequence > held.fetch_sequence;
}

}  // namespace

std::shared_ptr<const StoredAnswer> AnswerStore::get(const std::string& url, TimePoint now) {
  auto hit = cache_.get(url, now);
  return hit ? std::move(*hit) : nullptr;
}

bool AnswerStore::put(const std::string& url, Answer answer, std::uint64_t fetch_sequence,
                      std::chrono::milliseconds ttl, TimePoint now) {
  const std::size_t bytes = answer_bytes(answer);
  auto incoming = std::make_shared<const StoredAnswer>(StoredAnswer{std::move(answer), fetch_sequence});
  std::lock_guard lock(put_mutex_);
  // The look counts as a use of the entry, which is about to be replaced or
  // has just been found the better answer: either way, recently wanted.
  if (const auto held = cache_.get(url, now); held && !replaces(*incoming, **held)) return false;
  return cache_.put(url, std::move(incoming), bytes, ttl, now);
}

}  // namespace tagwire::compute
