// The tag index's SQL: schema, the writer's statements and a reader's statements.
//
// Tables (both WITHOUT ROWID, keyed for their lookups), schema version 3:
//   pages(url PK, final_url, title, computed_at_ms, tags)   get(url): one row
//   tag_urls(tag_key, url; PK tag_key,url)                  urls_for_tag: range scan
// tags is the page's tag list as JSON (stored_tags.h), each tag with the tag_key
// its URL is filed under in tag_urls. tag_key is common/tag_text.h's
// tag_key(tag): any spelling or number of a tag finds the URLs filed under it.
// Tags live in the page's row rather than a row each (version 2): a page costs
// one B-tree leaf there instead of a dozen scattered rows, which halved the
// writer's WAL writes (docs/benchmarks.md). A database at version 2 is migrated
// when it is opened.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "index/sqlite_handle.h"
#include "index/stored_tags.h"
#include "tagwire/api/tag_index.h"

namespace tagwire::api::index_detail {

// Sets WAL, synchronous=NORMAL, in-memory temp store, migrates a version-2
// database and creates the tables on the writable connection (the writer's).
// Fails, naming it, on a schema version this build does not know.
Status prepare_database(Connection& db);

// The tag_keys that writes unlinked a URL from, gathered over a transaction;
// every_key when a URL was unlinked from keys its unreadable stored tags could
// not name.
struct UnlinkedKeys {
  std::set<std::string> keys;
  bool every_key = false;
};

// A tag_urls row a page write adds (link) or removes. A transaction gathers
// them from all its pages and applies them in (tag_key, url) order: SQLite then
// walks each B-tree leaf once instead of jumping across the tree a dozen times
// a page (docs/benchmarks.md). A failure to apply them fails the whole
// transaction, where a page's own row fails alone.
struct LinkChange {
  std::string key;
  std::string url;
  bool link = true;
};
using LinkChanges = std::vector<LinkChange>;

// The writer connection's statements; owned and used by the writer thread only.
class PageWriter {
 public:
  static Result<PageWriter> create(Connection db);
  Status begin();
  Status commit();
  void rollback();
  // Within a transaction: replaces page.url's row in pages; `tags` is
  // stored_tags_of(page.tags). Appends the tag_urls changes the new tags need
  // to `changes`, for apply_link_changes() before the commit. One change is
  // made at once: when the stored row's tags cannot be read, the URL is
  // unlinked from every tag right here (a full scan), and the changes earlier
  // pages of the transaction queued for it are dropped. On failure the page's
  // own writes are rolled back (savepoint), `changes` is left as it was, and
  // the transaction stays usable. Adds the keys page.url is to be unlinked
  // from to `unlinked` (also when it then fails: a key too many only costs a
  // reader a re-read).
  Status write(const IndexedPage& page, const std::vector<StoredTag>& tags, LinkChanges& changes,
               UnlinkedKeys& unlinked);
  // Within the same transaction, after every write(): sorts `changes` and
  // applies them in (tag_key, url) order, each row's changes in the order they
  // were made (a URL written twice in one transaction). A failure leaves the
  // tag_urls rows half changed: the caller rolls the transaction back.
  Status apply_link_changes(LinkChanges& changes);
  // After a begin(), commit() or apply_link_changes() that failed, before
  // rollback(): whether the failure lies with the file rather than the pages
  // (locked by another process, the disk full or failing, the file made
  // read-only), so that the same transaction may well work later.
  bool failed_on_the_file() const;

 private:
  PageWriter() = default;
  // write()'s work; sets `unlinked_everywhere` when it unlinked the URL from every tag.
  Status write_rows(const IndexedPage& page, const std::vector<StoredTag>& tags, LinkChanges& changes,
                    UnlinkedKeys& unlinked, bool& unlinked_everywhere);
  // The tag_keys `url` is filed under now (empty for a new page); nullopt when
  // its stored tags cannot be read.
  Result<std::optional<std::set<std::string>>> filed_keys(const std::string& url);

  Connection db_;  // declared first: statements are finalized before it closes
  Statement stored_tags_, unlink_all_, unlink_tag_, upsert_page_, link_tag_;
};

// One read-only connection's statements; used by one thread at a time.
class PageReader {
 public:
  static Result<PageReader> open(const std::string& path, int busy_timeout_ms);
  Result<std::optional<IndexedPage>> get(const std::string& url);
  // URLs filed under `key` (a tag_key) greater than `after`, ascending, at most `count`.
  Result<std::vector<std::string>> urls_after(const std::string& key, const std::string& after, int64_t count);
  Result<uint64_t> page_count();

 private:
  PageReader() = default;
  Connection db_;
  Statement page_, urls_, count_;
};

}  // namespace tagwire::api::index_detail
