// TagLookup: the two questions the API answers, shared by REST, GraphQL and the
// benchmark routes.
//
// - tags_for(url): normalizes the URL (kInvalidUrl when it is not an absolute
//   http(s) URL), asks the broker and puts the answer into the tag index before
//   returning; the index answers with it from that moment, so urls(tag) sees the
//   URL as soon as tags(url) has returned it (DESIGN.md), while the commit
//   follows without anyone waiting for it (TagIndex::put). Coalesced requests
//   answered by one job share one index write. Errors are the broker's:
//   kNoWorkers, kOverloaded, kShuttingDown, kDeadline or the worker's failure. An
//   index that refuses the page (its queue full) does not fail the answer (the
//   tags are right); it is logged and counted. A successful answer the index took is kept
//   for TagLookupOptions::answer_ttl and repeated (cached = true) to requests
//   without refresh, with no job: a URL many clients ask about at once costs one
//   bus round trip a TTL. Failures are never kept here (the workers keep those).
// - urls_for(tag): the index matches tags by tag_key (common/tag_text.h), so
//   "Meetings" finds pages tagged "meeting" and "Honey-Bees" finds "honey bees";
//   the answer names the tag as normalize_tag spells it. It reads the tag index
//   only and never touches the bus, so it answers without workers. A tag longer
//   than kMaxQueryTagLength bytes is a kBadRequest.
// - record_reply(): for Broker::on_success, which reports every successful
//   reply before its waiters are answered, including replies whose requesters
//   gave up (late ones, and ones arriving as a request's deadline passes):
//   queues the index write and returns at once (it runs on the broker thread).
//   tags_for then finds the page written and writes it only when nobody did.
//
// TagLookup borrows the broker and the index; both must outlive it. Every
// method may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tagwire/api/tag_index.h"
#include "tagwire/common/log_budget.h"
#include "tagwire/common/lru_cache.h"
#include "tagwire/bus/broker.h"
#include "tagwire/common/result.h"
#include "tagwire/common/tag_text.h"

namespace tagwire::api {

// Longest tag accepted in a query, in bytes (after normalizing): the longest
// tag the engine writes.
inline constexpr std::size_t kMaxQueryTagLength = kMaxTagBytes;


// A page's tags as the API answers them.
struct TagAnswer {
  std::string url;        // normalized requested URL
  std::string final_url;  // after redirects
  std::string title;
  std::vector<IndexedTag> tags;  // the engine's order
  int64_t computed_at_ms = 0;    // unix time
  bool cached = false;           // answered from a cache: the worker's, or the API's answer cache
};

// One page of urls(tag).
struct UrlsAnswer {
  std::string tag;                // normalized
  std::vector<std::string> urls;
  std::string next_cursor;        // "" on the last page
};

struct TagLookupOptions {
  std::chrono::milliseconds answer_ttl{1'000};  // 0: every request asks the broker
  std::size_t answer_entries = 10'000;
};

class TagLookup {
 public:
  using Deadline = std::chrono::steady_clock::time_point;

  TagLookup(bus::Broker& broker, TagIndex& index, TagLookupOptions options = {});

  Result<TagAnswer> tags_for(std::string_view url, bool refresh, Deadline deadline);

  // tags_for() in two halves, so that one thread can have several pages out
  // at once (the tags fields of a GraphQL query): begin_tags() answers what
  // needs no job (a URL that is not one, the answer cache) and submits the
  // job otherwise; finish_tags() waits for it and gives what tags_for()
  // would have.
  class PendingTags {
   private:
    friend class TagLookup;
    std::optional<Result<TagAnswer>> answered_;  // without a job
    std::optional<bus::Broker::Pending> job_;
    std::string key_;                            // the normalized URL
  };
  PendingTags begin_tags(std::string_view url, bool refresh, Deadline deadline);
  Result<TagAnswer> finish_tags(PendingTags pending);

  // limit: 1..kMaxUrlsLimit (kBadRequest otherwise); cursor "" = first page.
  // An empty tag after normalization is kBadRequest.
  Result<UrlsAnswer> urls_for(std::string_view tag, std::size_t limit, const std::string& cursor);

  void record_reply(const bus::JobReply& reply);

  // Pages the index refused at once (queue full, shutting down); commit failures
  // are the index's own failed_writes.
  std::uint64_t index_write_failures() const { return index_write_failures_.load(); }
  std::uint64_t answer_cache_hits() const { return answer_cache_hits_.load(); }

 private:
  // Puts the reply's page into the index unless this API already put exactly
  // it (same url and computed_at_ms: the reply a request waited for, which the
  // broker reported first, the waiters of a coalesced job, or a warm answer of
  // the worker's cache). A put of it whose write failed is made again with
  // kWriteAgain (a reply that has just come in: the repeat of an answer whose
  // commit failed), not with kLeave (a request reading the reply the broker
  // has just handled). False when the page is not in the index.
  enum class FailedWrite { kWriteAgain, kLeave };
  bool index_once(const bus::JobReply& reply, FailedWrite failed);
  // Queues the reply's page in the index; a refusal at once (the write queue
  // is full, or shutting down) is counted in index_write_failures and logged
  // within refused_log_. Called with index_mutex_ held.
  std::shared_future<Status> put_page(const bus::JobReply& reply, std::chrono::steady_clock::time_point now);

  bus::Broker& broker_;
  TagIndex& index_;
  std::mutex index_mutex_;
  // A full write queue refuses every page until it drains: ten lines a
  // second say so (guarded by index_mutex_).
  LogBudget refused_log_{10, std::chrono::seconds(1)};
  // url → the last reply this API put into the index: its computed_at_ms and
  // the write's outcome. A warm answer (the worker's cache) carries the
  // computed_at_ms of the page it repeats, so when it matches and that write
  // did not fail, the index already holds exactly these tags and the write is
  // skipped: a SQLite transaction per cached answer was most of a warm tags
  // request's cost. A write whose commit failed is made again. Bounded; a
  // forgotten URL is simply written again.
  struct IndexedPut {
    int64_t computed_at_ms = 0;
    std::shared_future<Status> write;
  };
  static constexpr std::size_t kIndexedEntries = 100'000;
  static constexpr std::size_t kIndexedBytes = 16 * 1024 * 1024;
  static constexpr std::size_t kIndexedEntryBytes = 128;  // the memo and its future's shared state
  // As long as a worker's cache repeats a page (its --cache-ttl default).
  static constexpr std::chrono::hours kIndexedTtl{3};
  LruCache<IndexedPut> indexed_{LruCacheOptions{kIndexedEntries, kIndexedBytes, kIndexedTtl}};
  // Answers repeated without a job (see tags_for); bounded by entries and bytes.
  LruCache<std::shared_ptr<const TagAnswer>> answers_;
  std::atomic<std::uint64_t> index_write_failures_{0};
  std::atomic<std::uint64_t> answer_cache_hits_{0};
};

// The index row for a reply.
IndexedPage indexed_page_from(const bus::JobReply& reply);

}  // namespace tagwire::api
