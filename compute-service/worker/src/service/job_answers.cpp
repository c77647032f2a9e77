// Building job answers from tags; which failures are kept, and their size.
#include "service/job_answers.h"

namespace tagwire::compute {

bus::JobReply reply_from_tags(std::string url, std::string final_url, engine::TagResult tags,
                              std::int64_t computed_at_ms) {
  bus::JobReply reply;
  reply.url = std::move(url);
  reply.final_url = std::move(final_url);
  reply.title = std::move(tags.title);
  reply.tags.reserve(tags.tags.size());
  for (engine::Tag& tag : tags.tags) {
    reply.tags.push_back(bus::ReplyTag{std::move(tag.tag), tag.score, engine::tag_source_name(tag.source)});
  }
  reply.computed_at_ms = computed_at_ms;
  reply.cached = false;
  return reply;
}

bool remember_failure(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidUrl:
    case ErrorKind::kBlockedAddress:
    case ErrorKind::kTargetStatus:
    case ErrorKind::kTargetUnreachable:
    case ErrorKind::kNotHtml:
    case ErrorKind::kTooLarge:
      return true;
    default:
      return false;
  }
}

std::size_t answer_bytes(const Answer& answer) {
  // Fixed parts: the Result, the shared_ptr control block and allocator slack.
  constexpr std::size_t kOverhead = 256;
  constexpr std::size_t kPerTag = sizeof(bus::ReplyTag) + 16;
  if (!answer) return kOverhead + answer.error().message.size();
  const bus::JobReply& reply = answer.value();
  std::size_t bytes = kOverhead + reply.url.size() + reply.final_url.size() + reply.title.size();
  for (const bus::ReplyTag& tag : reply.tags) bytes += kPerTag + tag.tag.size() + tag.source.size();
  return bytes;
}

}  // namespace tagwire::compute
