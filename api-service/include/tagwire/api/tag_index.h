// TagIndex: which tags a page carries and which pages carry a tag, kept in one SQLite
// file (`tags.sqlite`, WAL mode) under the API's data dir, so it survives restarts.
//
// Writes go through ONE writer thread owned by the index: put() files the page
// in memory, where get() and urls_for_tag() find it at once, queues it and
// returns a future that completes once the page is committed (or failed). The
// writer starts a transaction at most every commit_interval (a write into an
// idle index at once) and commits everything queued then. Nobody has to wait on
// the future: the HTTP layer answers right after put(), and `urls(tag)` already
// sees the URL (DESIGN.md); a late reply's write is dropped the same way. Reads
// run on any thread: the unsaved pages first, then a small pool of read-only
// connections that, in WAL mode, see the last committed state and never wait
// for the writer.
//
// Keys are the normalized requested URL (normalizing is the caller's job). Tags are
// stored as given and filed under tag_key() (common/tag_text.h), which urls_for()
// also applies to the tag it is asked for: "Meetings" finds "meeting". Re-putting a URL replaces its title, final
// URL, tags and time, and unlinks it from tags it no longer has.
//
// Failures are values: open() reports a data dir that cannot be created or written,
// reads report SQLite errors as kInternal, a bad cursor or limit as kBadRequest, and
// put() completes with kOverloaded when max_pending_writes are already queued.
//
// urls_for_tag answers are kept in memory (at most kept_urls_answers, LRU) and
// repeated until the URLs of their tag change, so a hot tag asked again and
// again costs no SQLite read, even while pages of other tags pour in. A put()
// stales the kept answers of its page's tags (and of the tags its replaced
// unsaved version had), a settled commit those of its pages' tags and of the
// tags it unlinked, so what a put() filed is seen by every urls_for_tag that
// starts after it returned.
// Thread safety: every method may be called from any thread. Destruction stops
// accepting work, commits what is queued, and joins the writer; no call may be in
// flight then.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tagwire/common/result.h"

namespace tagwire::api {

inline constexpr size_t kDefaultUrlsLimit = 100;
inline constexpr size_t kMaxUrlsLimit = 1000;
inline constexpr const char* kTagIndexFileName = "tags.sqlite";

struct IndexedTag {
  std::string tag;
  double score = 0;
  std::string source;  // "declared" | "inferred"
  bool operator==(const IndexedTag&) const = default;
};

struct IndexedPage {
  std::string url;        // normalized requested URL: the key
  std::string final_url;  // after redirects
  std::string title;
  std::vector<IndexedTag> tags;  // in the engine's order, kept as given
  int64_t computed_at_ms = 0;    // unix time in milliseconds
  bool operator==(const IndexedPage&) const = default;
};

struct TagIndexOptions {
  size_t max_pending_writes = 10000;  // put() beyond this completes with kOverloaded
  size_t max_batch_pages = 1024;      // pages committed per transaction at most
  // Transactions start at most this often: pages queued meanwhile share the next
  // one (a put() into an idle index commits at once). 0 commits whenever ready.
  std::chrono::milliseconds commit_interval{0};
  size_t read_connections = 4;        // pool size; more readers wait for a free one
  int busy_timeout_ms = 5000;         // SQLite busy timeout on every connection
  size_t kept_urls_answers = 4096;    // urls_for_tag answers kept until their tag changes
};

class TagIndex {
 public:
  // Opens (creating if needed) `data_dir`/tags.sqlite and starts the writer thread.
  // Fails with a message naming the path when the dir cannot be created, the file
  // cannot be opened for writing, or WAL mode cannot be set.
  static Result<std::unique_ptr<TagIndex>> open(const std::string& data_dir, TagIndexOptions options = {});

  ~TagIndex();
  TagIndex(const TagIndex&) = delete;
  TagIndex& operator=(const TagIndex&) = delete;

  // Queues `page` for the writer. When put() returns, get() and urls_for_tag()
  // already answer with it (an unsaved version, held in memory), so an answer
  // given right after put() is never contradicted by a later read. The future
  // completes after the commit that stores it; a page whose write fails stops
  // being seen. A transaction that fails on the file (locked by another
  // process past the busy timeout, the disk full or failing) is tried again,
  // 100 ms later and then at doubling intervals up to 5 s, its pages still
  // queued and seen meanwhile; only at shutdown do they fail. One exception to read-your-writes: a URL rewritten without one
  // of its tags still lists under that tag until the rewrite commits.
  std::future<Status> put(IndexedPage page);

  // The page stored under `url`, or nullopt.
  Result<std::optional<IndexedPage>> get(const std::string& url) const;

  struct UrlPage {
    std::vector<std::string> urls;  // sorted by URL (bytewise)
    std::string next_cursor;        // "" when this is the last page
  };
  // Up to `limit` (1..kMaxUrlsLimit) URLs carrying `tag`, after the position `cursor`
  // ("" = from the start; otherwise a next_cursor this index returned). Tags
  // match by tag_key (common/tag_text.h), so "Honey-Bees" finds a page tagged
  // "honey bee" and one tagged "honey bees".
  Result<UrlPage> urls_for_tag(const std::string& tag, size_t limit, const std::string& cursor) const;

  // For /readyz: the data dir and file are writable and the last commit succeeded.
  Status check_writable() const;

  struct Stats {
    uint64_t pages_put = 0;       // pages put() accepted since open
    uint64_t pages_written = 0;   // pages committed since open
    uint64_t batches = 0;         // transactions committed since open
    uint64_t failed_writes = 0;   // pages whose write failed (including overload)
    uint64_t commit_retries = 0;  // transactions that failed as a whole and were queued again
    uint64_t pending_writes = 0;  // queued, not yet committed
    uint64_t kept_urls_hits = 0;  // urls_for_tag answered from a kept answer
  };
  Stats stats() const;

  // Rows stored now (a count over the table, for tests).
  Result<uint64_t> page_count() const;

  class Impl;

 private:
  explicit TagIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tagwire::api
