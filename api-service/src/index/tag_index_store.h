// The tag index's SQL: schema, the writer's statements and a reader's statements.
//
// Tables (all WITHOUT ROWID, keyed for their lookups):
//   pages(url PK, final_url, title, computed_at_ms)         get(url)
//   page_tags(url, position, tag, tag_key, score, source; PK url,position)  get(url), in order
//   tag_urls(tag_key, url; PK tag_key,url)                  urls_for_tag: range scan
// tag_key is common/tag_text.h's tag_key(tag): any spelling or number of a tag
// finds the URLs filed under it.
// tag_urls is kept apart from page_tags so a tag repeated within a page links its URL
// once and pagination is a plain index range.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "index/sqlite_handle.h"
#include "tagwire/api/tag_index.h"

namespace tagwire::api::index_detail {

// Sets WAL, synchronous=NORMAL, in-memory temp store and creates the tables on the
// writable connection (the writer's).
Status prepare_database(Connection& db);

// The writer connection's statements; owned and used by the writer thread only.
class PageWriter {
 public:
  static Result<PageWriter> create(Connection db);
  Status begin();
  Status commit();
  void rollback();
  // Within a transaction: replaces everything stored for page.url. On failure the
  // page's own changes are rolled back (savepoint), the transaction stays usable.
  Status write(const IndexedPage& page);

 private:
  PageWriter() = default;
  Status write_rows(const IndexedPage& page);

  Connection db_;  // declared first: statements are finalized before it closes
  Statement unlink_tags_, delete_tags_, upsert_page_, insert_tag_, link_tag_;
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
  Statement page_, tags_, urls_, count_;
};

}  // namespace tagwire::api::index_detail
