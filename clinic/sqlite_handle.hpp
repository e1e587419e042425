#pragma once
// Small RAII wrappers over the SQLite C API: a connection, a prepared
// statement and a transaction. Every failure becomes a StorageError naming the
// database file, so callers never inspect result codes. sqlite3.h stays out of
// this header: only the .cpp talks to the C API.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace bfr::clinic::sqlite {

// The SQLite library version as a number, e.g. 3040001 for 3.40.1.
int library_version_number();

// One open connection. Not thread-safe: use it from one thread at a time.
class Database {
 public:
  // Opens the database file at `path`, creating an empty one if needed.
  explicit Database(std::string path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs SQL that returns no rows; `sql` may hold several statements.
  void execute(std::string_view sql);

  // The rowid of the last row inserted on this connection.
  std::int64_t last_insert_id() const;

  const std::string& path() const { return path_; }
  sqlite3* handle() const { return handle_; }

  // Throws StorageError with `context`, SQLite's last error and the path.
  [[noreturn]] void fail(std::string_view context) const;

 private:
  std::string path_;
  sqlite3* handle_ = nullptr;
};

// A prepared statement. Parameters are numbered from 1, columns from 0, as in
// the C API.
class Statement {
 public:
  Statement(Database& database, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void bind(int index, std::int64_t value);
  void bind(int index, int value);
  void bind(int index, double value);
  void bind(int index, std::string_view value);
  void bind(int index, std::nullopt_t);
  template <typename T>
  void bind(int index, const std::optional<T>& value) {
    if (value) {
      bind(index, *value);
    } else {
      bind(index, std::nullopt);
    }
  }

  // Binds `values` to parameters 1, 2, ... in order.
  template <typename... Values>
  void bind_all(const Values&... values) {
    int index = 1;
    (bind(index++, values), ...);
  }

  // Advances to the next row; false once the statement is done.
  bool step();
  // Runs a statement that is not expected to return rows.
  void run();
  // Makes the statement ready to run again with new bindings.
  void reset();

  int column_count() const;
  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  int int32(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;
  std::optional<double> optional_real(int column) const;

 private:
  void check_bind(int result_code, int index);

  Database& database_;
  sqlite3_stmt* statement_ = nullptr;
};

// Rolls back on destruction unless commit() ran, so an exception anywhere in
// a write leaves the database as it was.
class Transaction {
 public:
  enum class Mode {
    kRead,   // BEGIN DEFERRED: a consistent snapshot for multi-query reads
    kWrite,  // BEGIN IMMEDIATE: takes the write lock up front
  };

  explicit Transaction(Database& database, Mode mode = Mode::kWrite);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit();

 private:
  Database& database_;
  bool open_ = true;
};

}  // namespace bfr::clinic::sqlite
