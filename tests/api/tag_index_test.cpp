// TagIndex against a real SQLite file in a temporary directory.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <sqlite3.h>

#include "tagwire/api/tag_index.h"
#include "temp_dir.h"

using tagwire::ErrorKind;
using tagwire::Status;
using tagwire::api::IndexedPage;
using tagwire::api::IndexedTag;
using tagwire::api::TagIndex;
using tagwire::testing::TempDir;

namespace {

std::unique_ptr<TagIndex> open_index(const TempDir& dir) {
  auto index = TagIndex::open(dir.path().string());
  if (!index.ok()) FAIL(index.error().message);
  return std::move(index).value();
}

IndexedPage page_with(const std::string& url, std::vector<std::string> tags) {
  IndexedPage p;
  p.url = url;
  p.final_url = url + "?final";
  p.title = "Title of " + url;
  p.computed_at_ms = 1700000000000;
  for (size_t i = 0; i < tags.size(); ++i) p.tags.push_back({tags[i], 1.0 / double(i + 1), "inferred"});
  return p;
}

void put_ok(TagIndex& index, IndexedPage page) {
  const Status s = index.put(std::move(page)).get();
  if (!s.ok()) FAIL(s.error().message);
}

std::vector<std::string> all_urls(const TagIndex& index, const std::string& tag, size_t limit) {
  std::vector<std::string> urls;
  std::string cursor;
  do {
    auto page = index.urls_for_tag(tag, limit, cursor);
    REQUIRE(page.ok());
    urls.insert(urls.end(), page->urls.begin(), page->urls.end());
    cursor = page->next_cursor;
  } while (!cursor.empty());
  return urls;
}

}  // namespace

TEST_CASE("a page put is read back whole, tags in order", "[tag_index]") {
  TempDir dir;
  auto index = open_index(dir);
  IndexedPage page;
  page.url = "http://a.test/x";
  page.final_url = "https://a.test/x/";
  page.title = "Caf\xC3\xA9 news";
  page.computed_at_ms = 1712345678901;
  page.tags = {{"zebra", 0.9, "declared"}, {"apple", 0.5, "inferred"}, {"mango", 0.25, "inferred"}};
  put_ok(*index, page);
  auto got = index->get("http://a.test/x");
  REQUIRE(got.ok());
  REQUIRE(got->has_value());
  CHECK(**got == page);
  CHECK(std::filesystem::exists(dir.path() / "tags.sqlite"));
}

TEST_CASE("an unknown URL reads as absent", "[tag_index]") {
  TempDir dir;
  auto index = open_index(dir);
  auto got = index->get("http://nowhere.test/");
  REQUIRE(got.ok());
  CHECK_FALSE(got->has_value());
  auto urls = index->urls_for_tag("nothing", 10, "");
  REQUIRE(urls.ok());
  CHECK(urls->urls.empty());
  CHECK(urls->next_cursor.empty());
}

TEST_CASE("urls of a tag come sorted and paginate exactly across pages", "[tag_index]") {
  TempDir dir;
  auto index = open_index(dir);
  std::vector<std::future<Status>> writes;
  for (int i = 24; i >= 0; --i) {
    writes.push_back(index->put(page_with("http://s.test/" + std::string(1, char('a' + i)), {"common"})));
  }
  put_ok(*index, page_with("http://s.test/other", {"rare"}));
  for (auto& w : writes) REQUIRE(w.get().ok());

  auto first = index->urls_for_tag("common", 10, "");
  REQUIRE(first.ok());
  CHECK(first->urls == std::vector<std::string>{"http://s.test/a", "http://s.test/b", "http://s.test/c",
                                                "http://s.test/d", "http://s.test/e", "http://s.test/f",
                                                "http://s.test/g", "http://s.test/h", "http://s.test/i",
                                                "http://s.test/j"});
  REQUIRE_FALSE(first->next_cursor.empty());
  auto second = index->urls_for_tag("common", 10, first->next_cursor);
  REQUIRE(second.ok());
  CHECK(second->urls.front() == "http://s.test/k");
  CHECK(second->urls.back() == "http://s.test/t");
  auto third = index->urls_for_tag("common", 10, second->next_cursor);
  REQUIRE(third.ok());
  CHECK(third->urls == std::vector<std::string>{"http://s.test/u", "http://s.test/v", "http://s.test/w",
                                                "http://s.test/x", "http://s.test/y"});
  CHECK(third->next_cursor.empty());
}

TEST_CASE("a page that exactly fills the limit has no next cursor when nothing follows", "[tag_index]") {
  TempDir dir;
  auto index = open_index(dir);
  put_ok(*index, page_with("http://e.test/1", {"t"}));
  put_ok(*index, page_with("http://e.test/2", {"t"}));
  auto page = index->urls_for_tag("t", 2, "");
  REQUIRE(page.ok());
  CHECK(page->urls.size() == 2);
  CHECK(page->next_cursor.empty());
}

TEST_CASE("a bad cursor or limit is a bad request", "[tag_index]") {
  TempDir dir;
  auto index = open_index(dir);
  auto r = index->urls_for_tag("t", 10, "not a cursor!");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::kBadRequest);
  r = index->urls_for_tag("t", 0, "");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::kBadRequest);
  r = index->urls_for_tag("t", 1001, "");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::kBadRequest);
}

TEST_CASE("re-putting a URL replaces its tags and unlinks stale ones", "[tag_index]") {
  TempDir dir;
  auto index = open_index(dir);
  put_ok(*index, page_with("http://r.test/", {"old", "kept"}));
  put_ok(*index, page_with("http://r.test/", {"kept", "new"}));
  auto old_tag = index->urls_for_tag("old", 10, "");
  REQUIRE(old_tag.ok());
  CHECK(old_tag->urls.empty());
  CHECK(all_urls(*index, "kept", 10) == std::vector<std::string>{"http://r.test/"});
  CHECK(all_urls(*index, "new", 10) == std::vector<std::string>{"http://r.test/"});
  auto got = index->get("http://r.test/");
  REQUIRE(got.ok());
  REQUIRE(got->has_value());
  REQUIRE((*got)->tags.size() == 2);
  CHECK((*got)->tags[0].tag == "kept");
  CHECK((*got)->tags[1].tag == "new");
  CHECK(index->page_count().value() == 1);
}

TEST_CASE("a tag repeated within a page links its URL once", "[tag_index]") {
  TempDir dir;
  auto index = open_index(dir);
  put_ok(*index, page_with("http://d.test/", {"twice", "twice"}));
  CHECK(all_urls(*index, "twice", 10) == std::vector<std::string>{"http://d.test/"});
  CHECK(index->get("http://d.test/").value()->tags.size() == 2);
}

TEST_CASE("data survives closing and reopening the index", "[tag_index]") {
  TempDir dir;
  {
    auto index = open_index(dir);
    put_ok(*index, page_with("http://p.test/1", {"persist"}));
    // Not waited on: closing must still commit it.
    (void)index->put(page_with("http://p.test/2", {"persist"}));
  }
  auto reopened = open_index(dir);
  CHECK(all_urls(*reopened, "persist", 10) == std::vector<std::string>{"http://p.test/1", "http://p.test/2"});
  auto got = reopened->get("http://p.test/1");
  REQUIRE(got.ok());
  REQUIRE(got->has_value());
  CHECK((*got)->title == "Title of http://p.test/1");
}

TEST_CASE("queued writes are batched into fewer transactions", "[tag_index]") {
  TempDir dir;
  auto index = open_index(dir);
  std::vector<std::future<Status>> writes;
  for (int i = 0; i < 500; ++i) writes.push_back(index->put(page_with("http://b.test/" + std::to_string(i), {"b"})));
  for (auto& w : writes) REQUIRE(w.get().ok());
  const auto stats = index->stats();
  CHECK(stats.pages_written == 500);
  CHECK(stats.batches < 500);
  CHECK(stats.failed_writes == 0);
  CHECK(stats.pending_writes == 0);
  CHECK(index->page_count().value() == 500);
}

TEST_CASE("a full write queue answers overloaded at once", "[tag_index]") {
  TempDir dir;
  tagwire::api::TagIndexOptions options;
  options.max_pending_writes = 1;
  auto opened = TagIndex::open(dir.path().string(), options);
  REQUIRE(opened.ok());
  auto& index = *opened.value();
  std::vector<std::future<Status>> writes;
  for (int i = 0; i < 200; ++i) writes.push_back(index.put(page_with("http://o.test/" + std::to_string(i), {"o"})));
  size_t overloaded = 0;
  for (auto& w : writes) {
    const Status s = w.get();
    if (!s.ok()) {
      CHECK(s.error().kind == ErrorKind::kOverloaded);
      ++overloaded;
    }
  }
  CHECK(overloaded > 0);
  CHECK(index.stats().failed_writes == overloaded);
}

TEST_CASE("readers during a burst of writes always see whole pages", "[tag_index][integration]") {
  TempDir dir;
  auto index = open_index(dir);
  // Every version of a page has tags "v<n>-a" and "v<n>-b" together; a reader must
  // never see one without the other, nor a page without its tags.
  std::atomic<bool> writing{true};
  std::atomic<int> reads{0};
  std::atomic<int> inconsistent{0};
  std::thread writer([&] {
    std::vector<std::future<Status>> writes;
    for (int v = 0; v < 300; ++v) {
      const std::string n = std::to_string(v);
      writes.push_back(index->put(page_with("http://c.test/" + std::to_string(v % 7), {"v" + n + "-a", "v" + n + "-b"})));
      if (v % 50 == 49) {
        for (auto& w : writes) CHECK(w.get().ok());
        writes.clear();
      }
    }
    for (auto& w : writes) CHECK(w.get().ok());
    writing = false;
  });
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&, r] {
      while (writing) {
        auto got = index->get("http://c.test/" + std::to_string(r));
        if (!got.ok()) {
          ++inconsistent;
          continue;
        }
        ++reads;
        if (!got->has_value()) continue;
        const auto& tags = (*got)->tags;
        if (tags.size() != 2 || tags[0].tag.substr(0, tags[0].tag.size() - 2) !=
                                    tags[1].tag.substr(0, tags[1].tag.size() - 2)) {
          ++inconsistent;
        }
      }
    });
  }
  writer.join();
  for (auto& t : readers) t.join();
  CHECK(inconsistent == 0);
  CHECK(reads > 0);
  // After the burst, each page holds its last version and only it is linked.
  for (int p = 0; p < 7; ++p) {
    auto got = index->get("http://c.test/" + std::to_string(p));
    REQUIRE(got.ok());
    REQUIRE(got->has_value());
    const int last = 299 - ((299 - p) % 7);
    CHECK((*got)->tags[0].tag == "v" + std::to_string(last) + "-a");
  }
  CHECK(all_urls(*index, "v0-a", 10).empty());
  CHECK(all_urls(*index, "v299-b", 10) == std::vector<std::string>{"http://c.test/5"});
}

TEST_CASE("opening under a path that cannot be a directory fails clearly", "[tag_index]") {
  TempDir dir;
  const auto file = dir.path() / "plain-file";
  std::ofstream(file) << "x";
  auto index = TagIndex::open((file / "data").string());
  REQUIRE_FALSE(index.ok());
  CHECK(index.error().message.find("cannot create the data dir " + (file / "data").string()) == 0);
}

TEST_CASE("a data dir is created when missing and reported writable", "[tag_index]") {
  TempDir dir;
  const auto nested = dir.path() / "a" / "b";
  auto index = TagIndex::open(nested.string());
  REQUIRE(index.ok());
  CHECK(std::filesystem::is_directory(nested));
  CHECK((*index)->check_writable().ok());
}

TEST_CASE("a urls answer is repeated until its tag changes and never hides a completed put", "[tag_index]") {
  TempDir dir;
  auto index = open_index(dir);
  put_ok(*index, page_with("http://a.test/", {"kept"}));
  CHECK(all_urls(*index, "kept", 10) == std::vector<std::string>{"http://a.test/"});
  const auto hits = index->stats().kept_urls_hits;

  // The same question again, nothing committed in between: no SQLite read.
  CHECK(all_urls(*index, "Kept", 10) == std::vector<std::string>{"http://a.test/"});
  CHECK(index->stats().kept_urls_hits == hits + 1);

  // A completed put is seen at once by the same question.
  put_ok(*index, page_with("http://b.test/", {"kept"}));
  CHECK(all_urls(*index, "kept", 10) == std::vector<std::string>{"http://a.test/", "http://b.test/"});
  CHECK(index->stats().kept_urls_hits == hits + 1);

  // And so is an unlink.
  put_ok(*index, page_with("http://a.test/", {"other"}));
  CHECK(all_urls(*index, "kept", 10) == std::vector<std::string>{"http://b.test/"});

  // Limits and cursors are different questions.
  auto first = index->urls_for_tag("kept", 1, "");
  REQUIRE(first.ok());
  CHECK(first->urls == std::vector<std::string>{"http://b.test/"});
  CHECK(first->next_cursor.empty());
}

TEST_CASE("a urls answer stays kept while pages of other tags are put and committed", "[tag_index]") {
  TempDir dir;
  auto index = open_index(dir);
  put_ok(*index, page_with("http://a.test/", {"kept"}));
  CHECK(all_urls(*index, "kept", 10) == std::vector<std::string>{"http://a.test/"});
  const auto hits = index->stats().kept_urls_hits;
  for (int i = 0; i < 20; ++i) {
    put_ok(*index, page_with("http://other.test/" + std::to_string(i), {"other " + std::to_string(i), "more"}));
    CHECK(all_urls(*index, "kept", 10) == std::vector<std::string>{"http://a.test/"});
  }
  CHECK(index->stats().kept_urls_hits == hits + 20);
  // A page of the tag itself still stales it.
  put_ok(*index, page_with("http://b.test/", {"kept", "more"}));
  CHECK(all_urls(*index, "kept", 10) == std::vector<std::string>{"http://a.test/", "http://b.test/"});
  CHECK(index->stats().kept_urls_hits == hits + 20);
}

TEST_CASE("readers asking one tag during a burst of puts see every completed put", "[tag_index][integration]") {
  TempDir dir;
  auto index = open_index(dir);
  constexpr int kPages = 200;
  std::atomic<int> completed{0};
  std::atomic<bool> stale{false};
  std::thread writer([&] {
    for (int i = 0; i < kPages; ++i) {
      put_ok(*index, page_with("http://burst.test/" + std::to_string(1000 + i), {"burst"}));
      completed.store(i + 1);
    }
  });
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      while (completed.load() < kPages) {
        const int seen_done = completed.load();
        auto page = index->urls_for_tag("burst", 1000, "");
        if (!page.ok() || static_cast<int>(page->urls.size()) < seen_done) stale = true;
      }
    });
  }
  writer.join();
  for (auto& t : readers) t.join();
  CHECK_FALSE(stale.load());
  CHECK(all_urls(*index, "burst", 1000).size() == kPages);
}

namespace {

// Runs `sql` on the index file of `dir` through a connection of its own.
void exec_on_file(const TempDir& dir, const std::string& sql) {
  sqlite3* db = nullptr;
  const std::string path = (dir.path() / tagwire::api::kTagIndexFileName).string();
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  const std::string error = message != nullptr ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  if (rc != SQLITE_OK) FAIL(error);
}

int64_t int_on_file(const TempDir& dir, const std::string& sql) {
  sqlite3* db = nullptr;
  const std::string path = (dir.path() / tagwire::api::kTagIndexFileName).string();
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  const int64_t value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

// The tables as schema version 2 wrote them: a row per tag in page_tags.
constexpr const char* kVersion2File = R"sql(
CREATE TABLE pages(url TEXT PRIMARY KEY NOT NULL, final_url TEXT NOT NULL, title TEXT NOT NULL,
                   computed_at_ms INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE page_tags(url TEXT NOT NULL, position INTEGER NOT NULL, tag TEXT NOT NULL, tag_key TEXT NOT NULL,
                       score REAL NOT NULL, source TEXT NOT NULL, PRIMARY KEY(url, position)) WITHOUT ROWID;
CREATE TABLE tag_urls(tag_key TEXT NOT NULL, url TEXT NOT NULL, PRIMARY KEY(tag_key, url)) WITHOUT ROWID;
INSERT INTO pages VALUES('http://v2.test/a', 'http://v2.test/a/', 'Bees', 1600000000000);
INSERT INTO pages VALUES('http://v2.test/b', 'http://v2.test/b', 'Hives', 1600000000001);
INSERT INTO pages VALUES('http://v2.test/none', 'http://v2.test/none', 'Empty', 1600000000002);
INSERT INTO page_tags VALUES('http://v2.test/a', 1, 'Honey Bees', 'honey bee', 0.5, 'declared');
INSERT INTO page_tags VALUES('http://v2.test/a', 0, 'pollen', 'pollen', 0.75, 'inferred');
INSERT INTO page_tags VALUES('http://v2.test/b', 0, 'honey bee', 'honey bee', 1.0, 'inferred');
INSERT INTO tag_urls VALUES('honey bee', 'http://v2.test/a'), ('pollen', 'http://v2.test/a'),
                           ('honey bee', 'http://v2.test/b');
PRAGMA user_version = 2;
)sql";

}  // namespace

TEST_CASE("an index written by schema version 2 is migrated when opened", "[tag_index]") {
  TempDir dir;
  exec_on_file(dir, kVersion2File);
  {
    auto index = open_index(dir);
    auto a = index->get("http://v2.test/a");
    REQUIRE(a.ok());
    REQUIRE(a->has_value());
    CHECK((*a)->final_url == "http://v2.test/a/");
    CHECK((*a)->title == "Bees");
    CHECK((*a)->computed_at_ms == 1600000000000);
    CHECK((*a)->tags == std::vector<IndexedTag>{{"pollen", 0.75, "inferred"}, {"Honey Bees", 0.5, "declared"}});
    CHECK(index->get("http://v2.test/none").value()->tags.empty());
    CHECK(all_urls(*index, "honey bees", 10) == std::vector<std::string>{"http://v2.test/a", "http://v2.test/b"});
    // The tag_keys came across: rewriting a page unlinks the tags it no longer has.
    put_ok(*index, page_with("http://v2.test/a", {"wax"}));
    CHECK(all_urls(*index, "pollen", 10).empty());
    CHECK(all_urls(*index, "honey bee", 10) == std::vector<std::string>{"http://v2.test/b"});
    CHECK(all_urls(*index, "wax", 10) == std::vector<std::string>{"http://v2.test/a"});
  }
  CHECK(int_on_file(dir, "PRAGMA user_version") == 3);
  CHECK(int_on_file(dir, "SELECT count(*) FROM sqlite_master WHERE name = 'page_tags'") == 0);
}

TEST_CASE("an index of a schema version this build does not know is refused, naming it", "[tag_index]") {
  TempDir dir;
  exec_on_file(dir, "CREATE TABLE pages(url TEXT PRIMARY KEY); PRAGMA user_version = 9;");
  auto index = TagIndex::open(dir.path().string());
  REQUIRE_FALSE(index.ok());
  CHECK_THAT(index.error().message, Catch::Contains("schema version 9"));
}

TEST_CASE("a page whose stored tags are unreadable is an error to read and can be rewritten", "[tag_index]") {
  TempDir dir;
  {
    auto index = open_index(dir);
    put_ok(*index, page_with("http://bad.test/", {"first", "second"}));
  }
  exec_on_file(dir, "UPDATE pages SET tags = '[[\"first\"' WHERE url = 'http://bad.test/'");
  auto index = open_index(dir);
  auto got = index->get("http://bad.test/");
  REQUIRE_FALSE(got.ok());
  CHECK_THAT(got.error().message, Catch::Contains("http://bad.test/"));
  CHECK(all_urls(*index, "first", 10) == std::vector<std::string>{"http://bad.test/"});  // read from tag_urls and kept
  put_ok(*index, page_with("http://bad.test/", {"second", "third"}));
  CHECK(all_urls(*index, "first", 10).empty());  // unlinked from keys it could not name
  CHECK(all_urls(*index, "second", 10) == std::vector<std::string>{"http://bad.test/"});
  CHECK(index->get("http://bad.test/").value()->tags.size() == 2);
}

TEST_CASE("with a commit interval, writes queued behind a commit share the next transaction", "[tag_index]") {
  TempDir dir;
  tagwire::api::TagIndexOptions options;
  options.commit_interval = std::chrono::milliseconds(300);
  auto opened = TagIndex::open(dir.path().string(), options);
  REQUIRE(opened.ok());
  auto& index = *opened.value();
  // Into an idle index: committed at once, not after the interval.
  const auto started = std::chrono::steady_clock::now();
  put_ok(index, page_with("http://ci.test/0", {"interval"}));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(300));
  // These arrive 20 ms apart, within the interval after that commit began: one
  // transaction (without the interval, each would have one of its own).
  std::vector<std::future<Status>> writes;
  for (int i = 1; i <= 5; ++i) {
    writes.push_back(index.put(page_with("http://ci.test/" + std::to_string(i), {"interval"})));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  for (auto& w : writes) REQUIRE(w.get().ok());
  CHECK(index.stats().batches == 2);
  CHECK(all_urls(index, "interval", 10).size() == 6);
}

namespace {

// An index whose commits start at most every 500 ms, with one page committed
// (so the next puts wait for the interval): puts in a test's next moments stay
// unsaved long enough to be looked at.
std::unique_ptr<TagIndex> open_slow_committing(const TempDir& dir) {
  tagwire::api::TagIndexOptions options;
  options.commit_interval = std::chrono::milliseconds(500);
  auto opened = TagIndex::open(dir.path().string(), options);
  if (!opened.ok()) FAIL(opened.error().message);
  auto index = std::move(opened).value();
  put_ok(*index, page_with("http://slow.test/0", {"first"}));
  return index;
}

bool settled(std::future<Status>& write) {
  return write.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

}  // namespace

TEST_CASE("a page is found by get and urls_for_tag as soon as put returns, before its commit", "[tag_index]") {
  TempDir dir;
  auto index = open_slow_committing(dir);
  auto write = index->put(page_with("http://slow.test/1", {"first", "fresh"}));
  auto got = index->get("http://slow.test/1");
  REQUIRE(got.ok());
  REQUIRE(got->has_value());
  CHECK((*got)->title == "Title of http://slow.test/1");
  CHECK(all_urls(*index, "fresh", 10) == std::vector<std::string>{"http://slow.test/1"});
  CHECK(all_urls(*index, "first", 10) == std::vector<std::string>{"http://slow.test/0", "http://slow.test/1"});
  CHECK_FALSE(settled(write));  // all of the above came from the unsaved page
  REQUIRE(write.get().ok());
  CHECK(all_urls(*index, "fresh", 10) == std::vector<std::string>{"http://slow.test/1"});
  CHECK(index->stats().pending_writes == 0);
}

TEST_CASE("urls_for_tag pages through stored and unsaved URLs in one order, each once", "[tag_index]") {
  TempDir dir;
  auto index = open_slow_committing(dir);
  // Stored: 0 (above), 2, 4. Unsaved: 1, 3, 5, and 4 again.
  put_ok(*index, page_with("http://slow.test/2", {"first"}));
  put_ok(*index, page_with("http://slow.test/4", {"first"}));
  std::vector<std::future<Status>> writes;
  for (const char* n : {"5", "3", "1", "4"}) writes.push_back(index->put(page_with(std::string("http://slow.test/") + n, {"first"})));
  const std::vector<std::string> expected{"http://slow.test/0", "http://slow.test/1", "http://slow.test/2",
                                          "http://slow.test/3", "http://slow.test/4", "http://slow.test/5"};
  CHECK(all_urls(*index, "first", 2) == expected);
  CHECK(all_urls(*index, "first", 4) == expected);
  CHECK(all_urls(*index, "first", 100) == expected);
  CHECK_FALSE(settled(writes.back()));
  for (auto& w : writes) REQUIRE(w.get().ok());
  CHECK(all_urls(*index, "first", 2) == expected);
}

TEST_CASE("an unsaved version replaced before its commit stops listing under the tags it had", "[tag_index]") {
  TempDir dir;
  auto index = open_slow_committing(dir);
  auto first = index->put(page_with("http://slow.test/9", {"alpha"}));
  CHECK(all_urls(*index, "alpha", 10) == std::vector<std::string>{"http://slow.test/9"});  // kept
  auto second = index->put(page_with("http://slow.test/9", {"beta"}));
  CHECK(all_urls(*index, "alpha", 10).empty());
  CHECK(all_urls(*index, "beta", 10) == std::vector<std::string>{"http://slow.test/9"});
  CHECK_FALSE(settled(second));
  REQUIRE(first.get().ok());
  REQUIRE(second.get().ok());
  CHECK(all_urls(*index, "alpha", 10).empty());
}

TEST_CASE("versions of a URL committed together leave the links of the last one", "[tag_index]") {
  TempDir dir;
  auto index = open_slow_committing(dir);  // stores http://slow.test/0 under "first"
  // One transaction: the first version unlinks "first" and links "second", the
  // second undoes both. Its changes must be applied after the first's.
  auto dropped = index->put(page_with("http://slow.test/0", {"second"}));
  auto restored = index->put(page_with("http://slow.test/0", {"first"}));
  CHECK_FALSE(settled(dropped));
  REQUIRE(dropped.get().ok());
  REQUIRE(restored.get().ok());
  CHECK(index->stats().batches == 2);
  CHECK(all_urls(*index, "first", 10) == std::vector<std::string>{"http://slow.test/0"});
  CHECK(all_urls(*index, "second", 10).empty());
}

TEST_CASE("many changes to the same rows in one transaction are applied in the order made", "[tag_index]") {
  TempDir dir;
  auto index = open_slow_committing(dir);
  std::vector<std::string> tags;
  for (int i = 0; i < 24; ++i) tags.push_back("many" + std::to_string(i));
  put_ok(*index, page_with("http://slow.test/many", tags));
  // One transaction: 24 unlinks, then 24 links of the same rows (more than a
  // sort that only happens to keep equal elements in order would get right).
  auto emptied = index->put(page_with("http://slow.test/many", {}));
  auto refilled = index->put(page_with("http://slow.test/many", tags));
  REQUIRE(emptied.get().ok());
  REQUIRE(refilled.get().ok());
  for (const std::string& tag : tags) {
    INFO(tag);
    CHECK(all_urls(*index, tag, 10) == std::vector<std::string>{"http://slow.test/many"});
  }
}

TEST_CASE("a change to tag_urls that fails fails its whole transaction, and the next one works", "[tag_index]") {
  TempDir dir;
  auto index = open_slow_committing(dir);
  exec_on_file(dir,
               "CREATE TRIGGER poison BEFORE INSERT ON tag_urls WHEN new.tag_key = 'poison' "
               "BEGIN SELECT RAISE(ABORT, 'poisoned'); END;");
  auto healthy = index->put(page_with("http://slow.test/healthy", {"fine"}));
  auto poisoned = index->put(page_with("http://slow.test/poisoned", {"poison"}));
  CHECK_FALSE(healthy.get().ok());
  CHECK_FALSE(poisoned.get().ok());
  CHECK_FALSE(index->get("http://slow.test/healthy").value().has_value());
  CHECK(all_urls(*index, "fine", 10).empty());
  CHECK(index->stats().failed_writes == 2);
  put_ok(*index, page_with("http://slow.test/healthy", {"fine"}));
  CHECK(all_urls(*index, "fine", 10) == std::vector<std::string>{"http://slow.test/healthy"});
}

TEST_CASE("a URL unlinked everywhere drops the links queued for it earlier in the transaction", "[tag_index]") {
  TempDir dir;
  auto index = open_slow_committing(dir);
  // Makes every stored version of this URL unreadable, as a damaged row would be.
  exec_on_file(dir,
               "CREATE TRIGGER damage AFTER INSERT ON pages WHEN new.url = 'http://slow.test/damaged' "
               "BEGIN UPDATE pages SET tags = 'not json' WHERE url = new.url; END;");
  auto first = index->put(page_with("http://slow.test/damaged", {"stale"}));
  auto second = index->put(page_with("http://slow.test/damaged", {"kept"}));
  REQUIRE(first.get().ok());
  REQUIRE(second.get().ok());
  CHECK(all_urls(*index, "stale", 10).empty());
  CHECK(all_urls(*index, "kept", 10) == std::vector<std::string>{"http://slow.test/damaged"});
}

TEST_CASE("a rewrite is read at once; a tag it dropped lists the URL until the rewrite commits", "[tag_index]") {
  TempDir dir;
  auto index = open_slow_committing(dir);
  auto write = index->put(page_with("http://slow.test/0", {"second"}));
  CHECK(index->get("http://slow.test/0").value()->tags == std::vector<IndexedTag>{{"second", 1.0, "inferred"}});
  CHECK(all_urls(*index, "second", 10) == std::vector<std::string>{"http://slow.test/0"});
  CHECK(all_urls(*index, "first", 10) == std::vector<std::string>{"http://slow.test/0"});  // the stored row, for now
  CHECK_FALSE(settled(write));
  REQUIRE(write.get().ok());
  CHECK(all_urls(*index, "first", 10).empty());
  CHECK(all_urls(*index, "second", 10) == std::vector<std::string>{"http://slow.test/0"});
}

TEST_CASE("a transaction that finds the file locked is tried again until it commits, its pages seen meanwhile",
          "[tag_index]") {
  // Before: a commit that failed on the file (another process holding a
  // write lock past the busy timeout, a full disk) failed its pages for good,
  // and an answered page was missing from the index.
  TempDir dir;
  tagwire::api::TagIndexOptions options;
  options.busy_timeout_ms = 20;
  auto opened = TagIndex::open(dir.path().string(), options);
  REQUIRE(opened.ok());
  TagIndex& index = *opened.value();
  sqlite3* locker = nullptr;
  REQUIRE(sqlite3_open((dir.path() / tagwire::api::kTagIndexFileName).string().c_str(), &locker) == SQLITE_OK);
  REQUIRE(sqlite3_exec(locker, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);

  auto write = index.put(page_with("http://locked.test/1", {"patience"}));
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (index.stats().commit_retries < 2 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(index.stats().commit_retries >= 2);
  CHECK_FALSE(settled(write));
  CHECK(all_urls(index, "patience", 10) == std::vector<std::string>{"http://locked.test/1"});
  CHECK_FALSE(index.check_writable().ok());  // /readyz says so meanwhile

  REQUIRE(sqlite3_exec(locker, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(locker);
  REQUIRE(write.get().ok());
  CHECK(index.stats().failed_writes == 0);
  CHECK(index.stats().pages_written == 1);
  CHECK(int_on_file(dir, "SELECT COUNT(*) FROM pages WHERE url = 'http://locked.test/1'") == 1);
  CHECK(index.check_writable().ok());
}
