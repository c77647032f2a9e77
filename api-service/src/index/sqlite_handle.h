// Thin RAII owners of a SQLite connection and a prepared statement, turning SQLite
// result codes into Status values whose message names the failing operation.
// A Connection and its statements must be used by one thread at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "tagwire/common/result.h"

namespace tagwire::api::index_detail {

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;

  // Binds 1-based parameters.
  void bind(int index, std::string_view text);
  void bind(int index, int64_t value);
  void bind(int index, double value);

  // Steps once: true with a row, false when done; an Error otherwise.
  Result<bool> step();
  // Steps until done (for statements that return no rows).
  Status run();
  void reset();  // clears bindings too, ready for reuse

  std::string column_text(int index) const;
  int64_t column_int(int index) const;
  double column_double(int index) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class Connection {
 public:
  // Opens `path`; read_only connections never create the file.
  static Result<Connection> open(const std::string& path, bool read_only, int busy_timeout_ms);

  Connection() = default;
  ~Connection();
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;

  Status exec(const char* sql);
  Result<Statement> prepare(std::string_view sql);
  bool read_only() const;
  sqlite3* raw() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

// "what: SQLite's message (code)".
Error sqlite_error(sqlite3* db, std::string_view what);

}  // namespace tagwire::api::index_detail
