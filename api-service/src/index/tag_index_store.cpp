// Schema and statements of the tag index (see tag_index_store.h for the tables).
#include "index/tag_index_store.h"

#include <algorithm>
#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "index/stored_tags.h"

namespace tagwire::api::index_detail {
namespace {

constexpr int kSchemaVersion = 3;  // kSchema and migrate_from_v2 set it

// Version 3. Version 2 kept each tag in a page_tags row; migrate_from_v2 moves them.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS pages(
  url TEXT PRIMARY KEY NOT NULL,
  final_url TEXT NOT NULL,
  title TEXT NOT NULL,
  computed_at_ms INTEGER NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]'
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tag_urls(
  tag_key TEXT NOT NULL,
  url TEXT NOT NULL,
  PRIMARY KEY(tag_key, url)
) WITHOUT ROWID;
PRAGMA user_version = 3;
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

Result<int64_t> schema_version(Connection& db) {
  auto version = db.prepare("PRAGMA user_version");
  if (!version.ok()) return version.error();
  auto row = version->step();
  if (!row.ok()) return row.error();
  const int64_t found = *row ? version->column_int(0) : 0;
  version->reset();
  return found;
}

// Version 2 -> 3, first step: each page's page_tags rows become the JSON in its
// pages row.
Status move_page_tags_into_pages(Connection& db) {
  auto rows = db.prepare("SELECT url, tag, tag_key, score, source FROM page_tags ORDER BY url, position");
  if (!rows.ok()) return rows.error();
  auto update = db.prepare("UPDATE pages SET tags = ?2 WHERE url = ?1");
  if (!update.ok()) return update.error();
  std::string url;
  std::vector<StoredTag> tags;
  const auto flush = [&]() -> Status {
    if (url.empty()) return Ok{};
    return run_bound(*update, [&](Statement& st) {
      st.bind(1, url);
      st.bind(2, encode_stored_tags(tags));
    });
  };
  Result<bool> row = false;
  while ((row = rows->step()).ok() && *row) {
    if (rows->column_text(0) != url) {
      if (auto s = flush(); !s.ok()) return s;
      url = rows->column_text(0);
      tags.clear();
    }
    tags.push_back(StoredTag{IndexedTag{rows->column_text(1), rows->column_double(3), rows->column_text(4)},
                             rows->column_text(2)});
  }
  if (!row.ok()) return row.error();
  return flush();
}

// Version 2 -> 3 in one transaction (tag_urls is unchanged).
Status migrate_from_v2(Connection& db) {
  if (auto s = db.exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  Status migrated = db.exec("ALTER TABLE pages ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'");
  if (migrated.ok()) migrated = move_page_tags_into_pages(db);
  if (migrated.ok()) migrated = db.exec("DROP TABLE page_tags");
  if (migrated.ok()) migrated = db.exec("PRAGMA user_version = 3");
  if (!migrated.ok()) {
    (void)db.exec("ROLLBACK");
    return Error::make(ErrorKind::kInternal,
                       "migrating the tag index from version 2 failed: " + migrated.error().message);
  }
  return db.exec("COMMIT");
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
  const bool wal = *row && mode->column_text(0) == "wal";
  mode->reset();  // a statement left stepping would lock the tables DROP TABLE needs
  if (!wal) return Error::make(ErrorKind::kInternal, "the tag index could not switch to WAL journal mode");
  if (auto s = db.exec("PRAGMA synchronous=NORMAL"); !s.ok()) return s;
  // Each page is written under a SAVEPOINT, whose statement journal SQLite
  // otherwise keeps in a temporary file: an open, an unlink and ~100 KiB of
  // writes a page (tagwire-bench-index: 460 -> 336 us of CPU a page).
  if (auto s = db.exec("PRAGMA temp_store=MEMORY"); !s.ok()) return s;
  auto version = schema_version(db);
  if (!version.ok()) return version.error();
  if (*version == 2) {
    if (auto s = migrate_from_v2(db); !s.ok()) return s;
  } else if (*version != 0 && *version != kSchemaVersion) {
    return Error::make(ErrorKind::kInternal, "the tag index has schema version " + std::to_string(*version) +
                                                 "; this build reads versions 2 and 3");
  }
  return db.exec(kSchema);
}

Result<PageWriter> PageWriter::create(Connection db) {
  PageWriter w;
  w.db_ = std::move(db);
  Status prepared = prepare_all(
      w.db_, {{&w.stored_tags_, "SELECT tags FROM pages WHERE url = ?1"},
              {&w.unlink_all_, "DELETE FROM tag_urls WHERE url = ?1"},
              {&w.unlink_tag_, "DELETE FROM tag_urls WHERE tag_key = ?1 AND url = ?2"},
              {&w.upsert_page_,
               "INSERT OR REPLACE INTO pages(url, final_url, title, computed_at_ms, tags) VALUES(?1, ?2, ?3, ?4, ?5)"},
              {&w.link_tag_, "INSERT OR IGNORE INTO tag_urls(tag_key, url) VALUES(?1, ?2)"}});
  if (!prepared.ok()) return prepared.error();
  return w;
}

Status PageWriter::begin() { return db_.exec("BEGIN IMMEDIATE"); }
Status PageWriter::commit() { return db_.exec("COMMIT"); }
void PageWriter::rollback() { (void)db_.exec("ROLLBACK"); }

Status PageWriter::write(const IndexedPage& page, const std::vector<StoredTag>& tags, LinkChanges& changes,
                         UnlinkedKeys& unlinked) {
  if (auto s = db_.exec("SAVEPOINT page"); !s.ok()) return s;
  const size_t before = changes.size();
  bool unlinked_everywhere = false;
  Status written = write_rows(page, tags, changes, unlinked, unlinked_everywhere);
  if (!written.ok()) {
    (void)db_.exec("ROLLBACK TO page");
    changes.erase(changes.begin() + static_cast<std::ptrdiff_t>(before), changes.end());
  } else if (unlinked_everywhere) {
    // Queued before the full unlink, they would bring back links it removed.
    changes.erase(std::remove_if(changes.begin(), changes.begin() + static_cast<std::ptrdiff_t>(before),
                                 [&](const LinkChange& c) { return c.url == page.url; }),
                  changes.begin() + static_cast<std::ptrdiff_t>(before));
  }
  (void)db_.exec("RELEASE page");
  return written;
}

bool PageWriter::failed_on_the_file() const {
  switch (sqlite3_errcode(db_.raw()) & 0xff) {  // the primary code of an extended one
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
    case SQLITE_NOMEM:
      return true;
    default:
      return false;
  }
}

Status PageWriter::apply_link_changes(LinkChanges& changes) {
  std::stable_sort(changes.begin(), changes.end(), [](const LinkChange& a, const LinkChange& b) {
    return std::tie(a.key, a.url) < std::tie(b.key, b.url);
  });
  for (const LinkChange& change : changes) {
    Statement& stmt = change.link ? link_tag_ : unlink_tag_;
    Status s = run_bound(stmt, [&](Statement& st) {
      st.bind(1, change.key);
      st.bind(2, change.url);
    });
    if (!s.ok()) return s;
  }
  return Ok{};
}

Result<std::optional<std::set<std::string>>> PageWriter::filed_keys(const std::string& url) {
  stored_tags_.bind(1, url);
  auto row = stored_tags_.step();
  std::optional<std::vector<StoredTag>> stored;
  if (row.ok() && *row) stored = decode_stored_tags(stored_tags_.column_text(0));
  stored_tags_.reset();
  if (!row.ok()) return row.error();
  std::set<std::string> keys;
  if (!*row) return std::optional(std::move(keys));  // a new page: nothing filed
  if (!stored) return std::optional<std::set<std::string>>();
  for (const StoredTag& t : *stored) keys.insert(t.key);
  return std::optional(std::move(keys));
}

Status PageWriter::write_rows(const IndexedPage& page, const std::vector<StoredTag>& tags, LinkChanges& changes,
                              UnlinkedKeys& unlinked, bool& unlinked_everywhere) {
  std::set<std::string> new_keys;
  for (const StoredTag& t : tags) new_keys.insert(t.key);

  auto old_keys = filed_keys(page.url);
  if (!old_keys.ok()) return old_keys.error();
  if (!*old_keys) {
    // Unreadable tags in the stored row: unlink the URL everywhere (a full scan).
    unlinked.every_key = true;
    if (auto s = run_bound(unlink_all_, [&](Statement& st) { st.bind(1, page.url); }); !s.ok()) return s;
    unlinked_everywhere = true;
    old_keys->emplace();
  }
  for (const std::string& key : **old_keys) {
    if (new_keys.count(key) != 0) continue;
    unlinked.keys.insert(key);
    changes.push_back(LinkChange{key, page.url, false});
  }
  Status s = run_bound(upsert_page_, [&](Statement& st) {
    st.bind(1, page.url);
    st.bind(2, page.final_url);
    st.bind(3, page.title);
    st.bind(4, page.computed_at_ms);
    st.bind(5, encode_stored_tags(tags));
  });
  if (!s.ok()) return s;
  for (const std::string& key : new_keys) {
    if ((*old_keys)->count(key) == 0) changes.push_back(LinkChange{key, page.url, true});
  }
  return Ok{};
}

Result<PageReader> PageReader::open(const std::string& path, int busy_timeout_ms) {
  auto db = Connection::open(path, true, busy_timeout_ms);
  if (!db.ok()) return db.error();
  PageReader r;
  r.db_ = std::move(db).value();
  Status prepared = prepare_all(
      r.db_, {{&r.page_, "SELECT final_url, title, computed_at_ms, tags FROM pages WHERE url = ?1"},
              {&r.urls_, "SELECT url FROM tag_urls WHERE tag_key = ?1 AND url > ?2 ORDER BY url LIMIT ?3"},
              {&r.count_, "SELECT count(*) FROM pages"}});
  if (!prepared.ok()) return prepared.error();
  return r;
}

Result<std::optional<IndexedPage>> PageReader::get(const std::string& url) {
  page_.bind(1, url);
  auto found = page_.step();
  IndexedPage page;
  std::optional<std::vector<StoredTag>> tags;
  if (found.ok() && *found) {
    page.url = url;
    page.final_url = page_.column_text(0);
    page.title = page_.column_text(1);
    page.computed_at_ms = page_.column_int(2);
    tags = decode_stored_tags(page_.column_text(3));
  }
  page_.reset();
  if (!found.ok()) return found.error();
  if (!*found) return std::optional<IndexedPage>();
  if (!tags) return Error::make(ErrorKind::kInternal, "the tag index holds unreadable tags for " + url);
  page.tags.reserve(tags->size());
  for (StoredTag& t : *tags) page.tags.push_back(std::move(t.tag));
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
