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

Error binary_page_error(const std::string& url, const std::string& final_url, const std::string& content_type) {
  std::string where = url;
  if (!final_url.empty() && final_url != url) where += " (redirected to " + final_url + ")";
  const std::string served_as = content_type.empty() ? "without a Content-Type" : "as " + content_type;
  return Error::make(ErrorKind::kNotHtml, "fetching " + where +
                                              ": is not HTML: its body is binary data, not text, though served " +
                                              served_as);
}

std::optional<Error> budget_spent_before_engine(const std::string& url, std::chrono::steady_clock::time_point fetched_at,
                                                std::chrono::steady_clock::time_point deadline,
                                                std::chrono::steady_clock::time_point now) {
  if (now < deadline) return std::nullopt;
  const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - fetched_at).count();
  return Error::make(ErrorKind::kDeadline, "tagging " + url + ": the job's budget ran out after waiting " +
                                               std::to_string(waited) + " ms for a CPU thread; the engine did not start");
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

bool is_transient_failure(const Error& error) {
  switch (error.kind) {
    case ErrorKind::kTargetUnreachable:
      return true;
    case ErrorKind::kTargetStatus:
      return error.target_status >= 500 || error.target_status == 408 || error.target_status == 429;
    case ErrorKind::kInvalidUrl:
    case ErrorKind::kBlockedAddress:
    case ErrorKind::kNotHtml:
    case ErrorKind::kTooLarge:
      return false;
    default:
      return true;
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
