// TagIndex: the writer thread with its queue and batching, and the pool of read
// connections.
//
// Invariants: only writer_thread_ touches writer_; a PageReader is used by the one
// thread that leased it; pending_, unsaved_ and stopping_ are guarded by
// queue_mutex_. Every queued promise is fulfilled exactly once, including at
// shutdown. A put page is in unsaved_ from put() until its batch's commit has
// ended, so at any moment it is in unsaved_, in the file, or both: a reader
// that looks at unsaved_ first and then at the file never misses it.
// key_generations_ counts the changes to each tag_key's URLs: a put bumps the
// keys of the page and of the unsaved version it replaced; a settled batch, the
// keys of its pages and those its writes unlinked. A urls_for_tag answer is kept
// under its key's generation read before it looked and served only while that
// is unchanged.
#include "tagwire/api/tag_index.h"
#include "tagwire/common/service_thread.h"

#include "tagwire/common/log.h"
#include "tagwire/common/lru_cache.h"
#include "tagwire/common/tag_text.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <thread>
#include <utility>

#include "index/key_generations.h"
#include "index/sqlite_handle.h"
#include "index/stored_tags.h"
#include "index/tag_index_cursor.h"
#include "index/tag_index_store.h"
#include "index/unsaved_pages.h"

namespace tagwire::api {

using index_detail::Connection;
using index_detail::KeyGeneration;
using index_detail::KeyGenerations;
using index_detail::PageReader;
using index_detail::PageWriter;
using index_detail::StoredTag;
using index_detail::UnlinkedKeys;
using index_detail::UnsavedPages;

namespace {

struct PendingWrite {
  std::shared_ptr<const IndexedPage> page;  // shared with unsaved_
  std::vector<StoredTag> tags;              // page->tags with their tag_keys
  uint64_t seq = 0;                         // its version in unsaved_
  std::promise<Status> done;
};

// A urls_for_tag answer and its key's generation when it was read.
struct KeptUrls {
  KeyGeneration generation;
  TagIndex::UrlPage page;
};

std::size_t kept_bytes(const KeptUrls& kept) {
  std::size_t bytes = sizeof(KeptUrls) + kept.page.next_cursor.size();
  for (const auto& url : kept.page.urls) bytes += sizeof(std::string) + url.size();
  return bytes;
}

const Logger& index_log() {
  static const Logger log("index");
  return log;
}

std::future<Status> ready_future(Status status) {
  std::promise<Status> p;
  p.set_value(std::move(status));
  return p.get_future();
}

}  // namespace

class TagIndex::Impl {
 public:
  Impl(std::string data_dir, std::string path, TagIndexOptions options, PageWriter writer)
      : data_dir_(std::move(data_dir)),
        path_(std::move(path)),
        options_(options),
        writer_(std::move(writer)),
        kept_urls_(LruCacheOptions{options.kept_urls_answers, 16 * 1024 * 1024, std::chrono::hours(24)}) {
    writer_thread_ = std::thread([this] {
      begin_service_thread("tw-index-write");
      write_loop();
    });
  }

  ~Impl() {
    {
      std::lock_guard lock(queue_mutex_);
      stopping_ = true;
    }
    queue_cv_.notify_all();
    writer_thread_.join();
  }

  std::future<Status> put(IndexedPage page) {
    // Each tag's key, computed once here for unsaved_ and for the writer.
    std::vector<StoredTag> tags = index_detail::stored_tags_of(page.tags);
    std::set<std::string> keys;
    for (const StoredTag& t : tags) keys.insert(t.key);
    auto shared = std::make_shared<const IndexedPage>(std::move(page));
    std::unique_lock lock(queue_mutex_);
    if (stopping_ || pending_.size() >= options_.max_pending_writes) {
      const bool stopping = stopping_;  // read under the lock
      lock.unlock();
      failed_writes_.fetch_add(1);
      if (stopping) return ready_future(Error::make(ErrorKind::kShuttingDown, "the tag index is shutting down"));
      return ready_future(Error::make(ErrorKind::kOverloaded, "the tag index write queue is full (" +
                                                                  std::to_string(options_.max_pending_writes) +
                                                                  " pages)"));
    }
    const uint64_t seq = ++last_seq_;
    pages_put_.fetch_add(1, std::memory_order_relaxed);
    for (const std::string& key : unsaved_.add(shared, std::move(keys), seq)) key_generations_.bump(key);
    for (const StoredTag& t : tags) key_generations_.bump(t.key);
    pending_.push_back(PendingWrite{std::move(shared), std::move(tags), seq, {}});
    auto future = pending_.back().done.get_future();
    // The writer waits for a first page, then for the interval or a full batch:
    // waking it for any other page would only put it back to sleep.
    const bool wake_writer = pending_.size() == 1 || pending_.size() >= options_.max_batch_pages;
    lock.unlock();
    if (wake_writer) queue_cv_.notify_one();
    return future;
  }

  // Runs `read` on a leased reader connection, opening one if the pool has room.
  template <typename Read>
  auto with_reader(Read read) -> decltype(read(std::declval<PageReader&>())) {
    std::unique_lock lock(pool_mutex_);
    pool_cv_.wait(lock, [&] { return !idle_readers_.empty() || open_readers_ < options_.read_connections; });
    std::unique_ptr<PageReader> reader;
    if (!idle_readers_.empty()) {
      reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    } else {
      ++open_readers_;
      lock.unlock();
      auto opened = PageReader::open(path_, options_.busy_timeout_ms);
      lock.lock();
      if (!opened.ok()) {
        --open_readers_;
        pool_cv_.notify_one();
        return opened.error();
      }
      reader = std::make_unique<PageReader>(std::move(opened).value());
    }
    lock.unlock();
    auto result = read(*reader);
    lock.lock();
    idle_readers_.push_back(std::move(reader));
    pool_cv_.notify_one();
    return result;
  }

  Status check_writable() const {
    if (::access(data_dir_.c_str(), W_OK) != 0 || ::access(path_.c_str(), W_OK) != 0) {
      return Error::make(ErrorKind::kInternal, "the tag index at " + path_ + " is not writable");
    }
    std::lock_guard lock(status_mutex_);
    return last_commit_;
  }

  // How often `key`'s URLs have changed: read it before a query whose answer is kept.
  KeyGeneration generation(const std::string& key) const { return key_generations_.of(key); }

  std::optional<IndexedPage> find_unsaved(const std::string& url) const {
    std::lock_guard lock(queue_mutex_);
    return unsaved_.find(url);
  }

  std::vector<std::string> unsaved_urls_after(const std::string& key, const std::string& after, size_t count) const {
    std::lock_guard lock(queue_mutex_);
    return unsaved_.urls_after(key, after, count);
  }

  // The answer kept for `key` at `generation`, if any.
  std::optional<UrlPage> kept_urls(const std::string& key, const KeyGeneration& generation) {
    auto kept = kept_urls_.get(key, std::chrono::steady_clock::now());
    if (!kept || (*kept)->generation != generation) return std::nullopt;
    kept_urls_hits_.fetch_add(1, std::memory_order_relaxed);
    return (*kept)->page;
  }

  void keep_urls(std::string key, const KeyGeneration& generation, const UrlPage& page) {
    auto kept = std::make_shared<const KeptUrls>(KeptUrls{generation, page});
    const std::size_t bytes = kept_bytes(*kept);
    kept_urls_.put(std::move(key), std::move(kept), bytes, std::chrono::steady_clock::now());
  }

  Stats stats() const {
    Stats s;
    s.pages_put = pages_put_.load();
    s.pages_written = pages_written_.load();
    s.kept_urls_hits = kept_urls_hits_.load();
    s.batches = batches_.load();
    s.failed_writes = failed_writes_.load();
    s.commit_retries = commit_retries_.load();
    std::lock_guard lock(queue_mutex_);
    s.pending_writes = pending_.size() + in_flight_;
    return s;
  }

 private:
  void write_loop() {
    // The earliest start of the next transaction. A write into an idle index
    // commits at once; under load, pages gather until commit_interval after the
    // previous transaction began, so a B-tree leaf that several of them touch
    // is written to the WAL once instead of once per page.
    auto next_commit = std::chrono::steady_clock::time_point{};
    for (;;) {
      std::deque<PendingWrite> batch;
      {
        std::unique_lock lock(queue_mutex_);
        queue_cv_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
        if (pending_.empty()) return;  // stopping, and everything queued is committed
        if (retrying_) {
          // However full the queue: the file is what failed. At shutdown, one last try.
          queue_cv_.wait_until(lock, next_commit, [&] { return stopping_; });
        } else {
          queue_cv_.wait_until(lock, next_commit,
                               [&] { return stopping_ || pending_.size() >= options_.max_batch_pages; });
        }
        next_commit = std::chrono::steady_clock::now() + options_.commit_interval;
        const size_t n = std::min(pending_.size(), options_.max_batch_pages);
        for (size_t i = 0; i < n; ++i) {
          batch.push_back(std::move(pending_.front()));
          pending_.pop_front();
        }
        in_flight_ = batch.size();
      }
      UnlinkedKeys unlinked;
      std::optional<std::vector<Status>> committed = commit_batch(batch, unlinked);
      retrying_ = !committed && requeue_for_retry(batch);
      if (retrying_) {
        next_commit = std::chrono::steady_clock::now() + retry_delay_;
        retry_delay_ = std::min(retry_delay_ * 2, kMaxRetryDelay);
        continue;
      }
      retry_delay_ = kFirstRetryDelay;
      std::vector<Status> results =
          committed ? std::move(*committed) : std::vector<Status>(batch.size(), last_commit_status());
      for (const Status& result : results) (result.ok() ? pages_written_ : failed_writes_).fetch_add(1);
      {
        // Settled before the futures are, so a caller that saw its write done
        // never sees it still counted as pending, nor an unsaved version of it.
        std::lock_guard lock(queue_mutex_);
        for (const PendingWrite& w : batch) unsaved_.settle(w.page->url, w.seq);
        in_flight_ = 0;
      }
      stale_answers_of(batch, unlinked);
      for (size_t i = 0; i < batch.size(); ++i) batch[i].done.set_value(std::move(results[i]));
    }
  }

  // After a batch settled: the answers of every key whose URLs its commit (or its
  // failure) may have changed. The keys a page was written under changed in the
  // file, and a failed page left unsaved_; the unlinked keys lost a URL.
  void stale_answers_of(const std::deque<PendingWrite>& batch, const UnlinkedKeys& unlinked) {
    if (unlinked.every_key) key_generations_.bump_all();
    for (const std::string& key : unlinked.keys) key_generations_.bump(key);
    for (const PendingWrite& w : batch) {
      for (const StoredTag& t : w.tags) key_generations_.bump(t.key);
    }
  }

  // After a transaction failed as a whole: the batch goes back to the front of
  // the queue, in order, still unsaved (readable), for the next try. False at
  // shutdown, when its pages fail instead.
  bool requeue_for_retry(std::deque<PendingWrite>& batch) {
    std::lock_guard lock(queue_mutex_);
    if (stopping_) return false;
    commit_retries_.fetch_add(1);
    for (auto it = batch.rbegin(); it != batch.rend(); ++it) pending_.push_front(std::move(*it));
    in_flight_ = 0;
    return true;
  }

  Status last_commit_status() const {
    std::lock_guard lock(status_mutex_);
    return last_commit_;
  }

  // One transaction for the batch: every page's row, then the tag_urls changes
  // of all of them in key order (PageWriter::apply_link_changes). A page whose
  // row fails is rolled back alone and fails alone; a failed BEGIN, COMMIT or
  // change to tag_urls fails every page of the batch. Returns each page's
  // outcome, in batch order, and adds the keys the writes unlinked to
  // `unlinked`; nullopt when the transaction failed on the file (locked, the
  // disk full: PageWriter::failed_on_the_file), which says nothing against the
  // pages, so they are tried again.
  std::optional<std::vector<Status>> commit_batch(const std::deque<PendingWrite>& batch, UnlinkedKeys& unlinked) {
    std::vector<Status> results;
    Status txn = writer_.begin();
    if (txn.ok()) {
      index_detail::LinkChanges changes;
      for (const auto& w : batch) results.push_back(writer_.write(*w.page, w.tags, changes, unlinked));
      txn = writer_.apply_link_changes(changes);
      if (txn.ok()) txn = writer_.commit();
    }
    const bool retry = !txn.ok() && writer_.failed_on_the_file();
    if (!txn.ok()) writer_.rollback();
    {
      std::lock_guard lock(status_mutex_);
      last_commit_ = txn;
    }
    if (retry) {
      index_log().error("tag index commit failed", {{"pages", batch.size()},
                                                    {"error", txn.error().message},
                                                    {"retry_in_ms", retry_delay_.count()}});
      return std::nullopt;
    }
    if (!txn.ok()) {
      index_log().error("tag index commit failed", {{"pages", batch.size()}, {"error", txn.error().message}});
      results.assign(batch.size(), txn);
      return results;
    }
    batches_.fetch_add(1);
    for (size_t i = 0; i < batch.size(); ++i) {
      if (results[i].ok()) continue;
      index_log().error("tag index write failed", {{"url", batch[i].page->url}, {"error", results[i].error().message}});
    }
    return results;
  }

  const std::string data_dir_;
  const std::string path_;
  const TagIndexOptions options_;

  PageWriter writer_;  // writer thread only
  std::thread writer_thread_;

  mutable std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<PendingWrite> pending_;
  UnsavedPages unsaved_;
  uint64_t last_seq_ = 0;
  size_t in_flight_ = 0;
  bool stopping_ = false;

  std::mutex pool_mutex_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<PageReader>> idle_readers_;
  size_t open_readers_ = 0;

  mutable std::mutex status_mutex_;
  Status last_commit_ = Ok{};

  KeyGenerations key_generations_;
  LruCache<std::shared_ptr<const KeptUrls>> kept_urls_;
  std::atomic<uint64_t> kept_urls_hits_{0};

  std::atomic<uint64_t> pages_put_{0};
  std::atomic<uint64_t> pages_written_{0};
  std::atomic<uint64_t> batches_{0};
  std::atomic<uint64_t> failed_writes_{0};
  std::atomic<uint64_t> commit_retries_{0};

  // A failed transaction is tried again after retry_delay_ (writer thread
  // only), doubled after each failure in a row up to kMaxRetryDelay.
  static constexpr std::chrono::milliseconds kFirstRetryDelay{100};
  static constexpr std::chrono::milliseconds kMaxRetryDelay{5000};
  std::chrono::milliseconds retry_delay_ = kFirstRetryDelay;
  bool retrying_ = false;  // writer thread only: the queue's head is a batch that failed
};

Result<std::unique_ptr<TagIndex>> TagIndex::open(const std::string& data_dir, TagIndexOptions options) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) {
    return Error::make(ErrorKind::kInternal, "cannot create the data dir " + data_dir + ": " + ec.message());
  }
  if (options.read_connections == 0) options.read_connections = 1;
  if (options.max_batch_pages == 0) options.max_batch_pages = 1;
  const std::string path = (std::filesystem::path(data_dir) / kTagIndexFileName).string();
  auto db = Connection::open(path, false, options.busy_timeout_ms);
  if (!db.ok()) {
    return Error::make(ErrorKind::kInternal, "cannot open the tag index " + path + ": " + db.error().message);
  }
  if (Status s = index_detail::prepare_database(*db); !s.ok()) {
    return Error::make(ErrorKind::kInternal, "cannot prepare the tag index " + path + ": " + s.error().message);
  }
  auto writer = PageWriter::create(std::move(db).value());
  if (!writer.ok()) return writer.error();
  auto impl = std::make_unique<Impl>(data_dir, path, options, std::move(writer).value());
  return std::unique_ptr<TagIndex>(new TagIndex(std::move(impl)));
}

TagIndex::TagIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TagIndex::~TagIndex() = default;

std::future<Status> TagIndex::put(IndexedPage page) { return impl_->put(std::move(page)); }

Result<std::optional<IndexedPage>> TagIndex::get(const std::string& url) const {
  if (auto unsaved = impl_->find_unsaved(url)) return std::optional<IndexedPage>(std::move(*unsaved));
  return impl_->with_reader([&](PageReader& r) { return r.get(url); });
}

Result<TagIndex::UrlPage> TagIndex::urls_for_tag(const std::string& tag, size_t limit,
                                                 const std::string& cursor) const {
  if (limit < 1 || limit > kMaxUrlsLimit) {
    return Error::make(ErrorKind::kBadRequest,
                       "limit must be between 1 and " + std::to_string(kMaxUrlsLimit) + ", got " +
                           std::to_string(limit));
  }
  std::string after;
  if (!cursor.empty()) {
    auto decoded = index_detail::decode_cursor(cursor);
    if (!decoded) return Error::make(ErrorKind::kBadRequest, "the cursor is not one this server returned");
    after = std::move(*decoded);
  }
  const std::string key = tag_key(tag);
  std::string kept_key = key + '\n' + std::to_string(limit) + '\n' + after;
  const KeyGeneration generation = impl_->generation(key);
  if (auto kept = impl_->kept_urls(kept_key, generation)) return std::move(*kept);
  // One row more than asked tells whether another page exists. Unsaved pages
  // first, then the file (see the invariants at the top); a URL in both is one.
  std::vector<std::string> unsaved = impl_->unsaved_urls_after(key, after, limit + 1);
  auto stored = impl_->with_reader(
      [&](PageReader& r) { return r.urls_after(key, after, static_cast<int64_t>(limit) + 1); });
  if (!stored.ok()) return stored.error();
  UrlPage page;
  std::set_union(stored->begin(), stored->end(), unsaved.begin(), unsaved.end(), std::back_inserter(page.urls));
  if (page.urls.size() > limit) {
    page.urls.resize(limit);
    page.next_cursor = index_detail::encode_cursor(page.urls.back());
  }
  impl_->keep_urls(std::move(kept_key), generation, page);
  return page;
}

Status TagIndex::check_writable() const { return impl_->check_writable(); }

TagIndex::Stats TagIndex::stats() const { return impl_->stats(); }

Result<uint64_t> TagIndex::page_count() const {
  return impl_->with_reader([](PageReader& r) { return r.page_count(); });
}

}  // namespace tagwire::api
