// Schema and statements of the tag index (see tag_index_store.h for the tables).
#include "index/tag_index_store.h"

#include <string_view>
#include <utility>

#include "tagwire/common/tag_text.h"

namespace tagwire::api::index_detail {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS pages(
  url TEXT PRIMARY KEY NOT NULL,
  final_url TEXT NOT NULL,
  title TEXT NOT NULL,
  computed_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS page_tags(
  url TEXT NOT NULL,
  position INTEGER NOT NULL,
  tag TEXT NOT NULL,
  tag_key TEXT NOT NULL,
  score REAL NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY(url, position)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tag_urls(
  tag_key TEXT NOT NULL,
  url TEXT NOT NULL,
  PRIMARY KEY(tag_key, url)
) WITHOUT ROWID;
PRAGMA user_version = 2;
)sql";

// Prepares every statement in order, stopping at the first failure.
Status prepare_all(Connection& db, std::initializer_list<std::pair<Statement*, std::string_view>> statements) {
  for (const auto& [target, sql] : statements) {
    auto stmt = db.prepare(sql);
    if (!stmt.ok()) return stmt.error();
    *target = std::move(stmt).value();
  }
  return Ok{};
}

// Runs `stmt` after binding, and resets it whatever happened.
template <typename Bind>
Status run_bound(Statement& stmt, Bind bind) {
  bind(stmt);
  Status status = stmt.run();
  stmt.reset();
  return status;
}

}  // namespace

Status prepare_database(Connection& db) {
  if (db.read_only()) {
    return Error::make(ErrorKind::kInternal, "the tag index file is read-only");
  }
  auto mode = db.prepare("PRAGMA journal_mode=WAL");
  if (!mode.ok()) return mode.error();
  auto row = mode->step();
  if (!row.ok()) return row.error();
  if (!*row || mode->column_text(0) != "wal") {
    return Error::make(ErrorKind::kInternal, "the tag index could not switch to WAL journal mode");
  }
  if (auto s = db.exec("PRAGMA synchronous=NORMAL"); !s.ok()) return s;
  // Each page is written under a SAVEPOINT, whose statement journal SQLite
  // otherwise keeps in a temporary file: an open, an unlink and ~100 KiB of
  // writes a page (tagwire-bench-index: 460 -> 336 us of CPU a page).
  if (auto s = db.exec("PRAGMA temp_store=MEMORY"); !s.ok()) return s;
  return db.exec(kSchema);
}

Result<PageWriter> PageWriter::create(Connection db) {
  PageWriter w;
  w.db_ = std::move(db);
  Status prepared = prepare_all(
      w.db_, {{&w.unlink_tags_,
               "DELETE FROM tag_urls WHERE url = ?1 AND tag_key IN (SELECT tag_key FROM page_tags WHERE url = ?1)"},
              {&w.delete_tags_, "DELETE FROM page_tags WHERE url = ?1"},
              {&w.upsert_page_,
               "INSERT OR REPLACE INTO pages(url, final_url, title, computed_at_ms) VALUES(?1, ?2, ?3, ?4)"},
              {&w.insert_tag_,
               "INSERT INTO page_tags(url, position, tag, tag_key, score, source) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"},
              {&w.link_tag_, "INSERT OR IGNORE INTO tag_urls(tag_key, url) VALUES(?1, ?2)"}});
  if (!prepared.ok()) return prepared.error();
  return w;
}

Status PageWriter::begin() { return db_.exec("BEGIN IMMEDIATE"); }
Status PageWriter::commit() { return db_.exec("COMMIT"); }
void PageWriter::rollback() { (void)db_.exec("ROLLBACK"); }

Status PageWriter::write(const IndexedPage& page) {
  if (auto s = db_.exec("SAVEPOINT page"); !s.ok()) return s;
  Status written = write_rows(page);
  if (!written.ok()) (void)db_.exec("ROLLBACK TO page");
  (void)db_.exec("RELEASE page");
  return written;
}

Status PageWriter::write_rows(const IndexedPage& page) {
  const auto bind_url = [&](Statement& s) { s.bind(1, page.url); };
  if (auto s = run_bound(unlink_tags_, bind_url); !s.ok()) return s;
  if (auto s = run_bound(delete_tags_, bind_url); !s.ok()) return s;
  Status s = run_bound(upsert_page_, [&](Statement& st) {
    st.bind(1, page.url);
    st.bind(2, page.final_url);
    st.bind(3, page.title);
    st.bind(4, page.computed_at_ms);
  });
  if (!s.ok()) return s;
  for (size_t i = 0; i < page.tags.size(); ++i) {
    const IndexedTag& tag = page.tags[i];
    const std::string key = tag_key(tag.tag);
    s = run_bound(insert_tag_, [&](Statement& st) {
      st.bind(1, page.url);
      st.bind(2, static_cast<int64_t>(i));
      st.bind(3, tag.tag);
      st.bind(4, key);
      st.bind(5, tag.score);
      st.bind(6, tag.source);
    });
    if (!s.ok()) return s;
    s = run_bound(link_tag_, [&](Statement& st) {
      st.bind(1, key);
      st.bind(2, page.url);
    });
    if (!s.ok()) return s;
  }
  return Ok{};
}

Result<PageReader> PageReader::open(const std::string& path, int busy_timeout_ms) {
  auto db = Connection::open(path, true, busy_timeout_ms);
  if (!db.ok()) return db.error();
  PageReader r;
  r.db_ = std::move(db).value();
  Status prepared = prepare_all(
      r.db_, {{&r.page_, "SELECT final_url, title, computed_at_ms FROM pages WHERE url = ?1"},
              {&r.tags_, "SELECT tag, score, source FROM page_tags WHERE url = ?1 ORDER BY position"},
              {&r.urls_, "SELECT url FROM tag_urls WHERE tag_key = ?1 AND url > ?2 ORDER BY url LIMIT ?3"},
              {&r.count_, "SELECT count(*) FROM pages"}});
  if (!prepared.ok()) return prepared.error();
  return r;
}

Result<std::optional<IndexedPage>> PageReader::get(const std::string& url) {
  // One read transaction, so the page row and its tags come from the same commit.
  if (auto s = db_.exec("BEGIN"); !s.ok()) return s.error();
  IndexedPage page;
  page.url = url;
  page_.bind(1, url);
  auto found = page_.step();
  if (found.ok() && *found) {
    page.final_url = page_.column_text(0);
    page.title = page_.column_text(1);
    page.computed_at_ms = page_.column_int(2);
  }
  page_.reset();
  Result<bool> row = found;
  if (found.ok() && *found) {
    tags_.bind(1, url);
    while ((row = tags_.step()).ok() && *row) {
      page.tags.push_back({tags_.column_text(0), tags_.column_double(1), tags_.column_text(2)});
    }
    tags_.reset();
  }
  (void)db_.exec("COMMIT");
  if (!row.ok()) return row.error();
  if (!*found) return std::optional<IndexedPage>();
  return std::optional<IndexedPage>(std::move(page));
}

Result<std::vector<std::string>> PageReader::urls_after(const std::string& tag, const std::string& after,
                                                       int64_t count) {
  urls_.bind(1, tag);
  urls_.bind(2, after);
  urls_.bind(3, count);
  std::vector<std::string> urls;
  Result<bool> row = false;
  while ((row = urls_.step()).ok() && *row) urls.push_back(urls_.column_text(0));
  urls_.reset();
  if (!row.ok()) return row.error();
  return urls;
}

Result<uint64_t> PageReader::page_count() {
  auto row = count_.step();
  const uint64_t n = row.ok() && *row ? static_cast<uint64_t>(count_.column_int(0)) : 0;
  count_.reset();
  if (!row.ok()) return row.error();
  return n;
}

}  // namespace tagwire::api::index_detail
