// tags(url) over the broker and the tag index, urls(tag) over the index
// (see api_lookup.h).
#include "tagwire/api/api_lookup.h"

#include "tagwire/common/tag_text.h"
#include "tagwire/common/log.h"
#include "tagwire/common/url.h"

namespace tagwire::api {
namespace {

const Logger& lookup_log() {
  static const Logger log("lookup");
  return log;
}

// True once the write has completed, and failed; a pending write is trusted.
bool write_failed(const std::shared_future<Status>& write) {
  return write.wait_for(std::chrono::seconds(0)) == std::future_status::ready && !write.get().ok();
}

TagAnswer answer_from(const bus::JobReply& reply) {
  IndexedPage page = indexed_page_from(reply);
  return TagAnswer{page.url, page.final_url, page.title, std::move(page.tags), page.computed_at_ms, reply.cached};
}

// What an answer weighs in the answer cache: its strings plus a rough overhead.
std::size_t answer_bytes(const TagAnswer& answer) {
  std::size_t bytes = sizeof(TagAnswer) + answer.url.size() + answer.final_url.size() + answer.title.size();
  for (const auto& t : answer.tags) bytes += sizeof(IndexedTag) + t.tag.size() + t.source.size();
  return bytes;
}

}  // namespace

IndexedPage indexed_page_from(const bus::JobReply& reply) {
  IndexedPage page;
  page.url = reply.url;
  page.final_url = reply.final_url;
  page.title = reply.title;
  page.computed_at_ms = reply.computed_at_ms;
  page.tags.reserve(reply.tags.size());
  for (const auto& t : reply.tags) page.tags.push_back(IndexedTag{t.tag, t.score, t.source});
  return page;
}

TagLookup::TagLookup(bus::Broker& broker, TagIndex& index, TagLookupOptions options)
    : broker_(broker),
      index_(index),
      answers_(LruCacheOptions{options.answer_entries, 64 * 1024 * 1024, options.answer_ttl}) {}

Result<TagAnswer> TagLookup::tags_for(std::string_view url, bool refresh, Deadline deadline) {
  return finish_tags(begin_tags(url, refresh, deadline));
}

TagLookup::PendingTags TagLookup::begin_tags(std::string_view url, bool refresh, Deadline deadline) {
  PendingTags pending;
  Result<std::string> key = normalize_url(url);
  if (!key) {
    pending.answered_ = key.error();
    return pending;
  }
  if (!refresh) {
    if (auto kept = answers_.get(key.value(), std::chrono::steady_clock::now())) {
      ++answer_cache_hits_;
      TagAnswer answer = **kept;
      answer.cached = true;
      pending.answered_ = std::move(answer);
      return pending;
    }
  }
  pending.job_.emplace(broker_.submit(key.value(), refresh, deadline));
  pending.key_ = std::move(key).value();
  return pending;
}

Result<TagAnswer> TagLookup::finish_tags(PendingTags pending) {
  if (pending.answered_) return std::move(*pending.answered_);
  Result<bus::JobReply> reply = pending.job_->wait();
  if (!reply) return reply.error();
  // The index key is the URL we asked about, whatever the worker echoed.
  reply->url = pending.key_;
  // Broker::on_success has normally written it already (record_reply).
  const bool indexed = index_once(reply.value(), FailedWrite::kLeave);
  TagAnswer answer = answer_from(reply.value());
  // Only an answer the index holds is repeated, so urls(tag) agrees with it.
  if (indexed) {
    answers_.put(answer.url, std::make_shared<const TagAnswer>(answer), answer_bytes(answer),
                 std::chrono::steady_clock::now());
  }
  return answer;
}

bool TagLookup::index_once(const bus::JobReply& reply, FailedWrite failed) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(index_mutex_);
  const std::optional<IndexedPut> last = indexed_.get(reply.url, now);
  if (last && last->computed_at_ms == reply.computed_at_ms) {
    if (!write_failed(last->write)) return true;
    if (failed == FailedWrite::kLeave) return false;
  }
  std::shared_future<Status> write = put_page(reply, now);
  const bool refused = write_failed(write);
  // A refused put is remembered too, so kLeave does not try it again at once.
  indexed_.put(reply.url, IndexedPut{reply.computed_at_ms, std::move(write)}, kIndexedEntryBytes, now);
  return !refused;
}

void TagLookup::record_reply(const bus::JobReply& reply) { (void)index_once(reply, FailedWrite::kWriteAgain); }

std::shared_future<Status> TagLookup::put_page(const bus::JobReply& reply, std::chrono::steady_clock::time_point now) {
  // Readable at once; the commit follows on the writer's schedule and nobody
  // waits for it (TagIndex::put).
  std::shared_future<Status> write = index_.put(indexed_page_from(reply)).share();
  if (write_failed(write)) {  // refused at once: the write queue is full, or shutting down
    ++index_write_failures_;
    if (const std::optional<std::uint64_t> left_out = refused_log_.admit(now)) {
      lookup_log().error("tag index refused a page", {{"url", reply.url},
                                                      {"error", write.get().error().message},
                                                      {"refusals_not_logged_before", *left_out}});
    }
  }
  return write;
}

Result<UrlsAnswer> TagLookup::urls_for(std::string_view tag, std::size_t limit, const std::string& cursor) {
  // The index matches by tag_key, so any case, slug form or number of a tag
  // finds it; the answer names the tag in its normalized spelling.
  std::string normalized = normalize_tag(tag);
  if (normalized.empty()) return Error::make(ErrorKind::kBadRequest, "tag is empty");
  if (normalized.size() > kMaxQueryTagLength) {
    return Error::make(ErrorKind::kBadRequest, "tag longer than " + std::to_string(kMaxQueryTagLength) + " bytes");
  }
  if (limit < 1 || limit > kMaxUrlsLimit) {
    return Error::make(ErrorKind::kBadRequest, "limit must be from 1 to " + std::to_string(kMaxUrlsLimit));
  }
  Result<TagIndex::UrlPage> page = index_.urls_for_tag(normalized, limit, cursor);
  if (!page) return page.error();
  return UrlsAnswer{std::move(normalized), std::move(page->urls), std::move(page->next_cursor)};
}

}  // namespace tagwire::api
