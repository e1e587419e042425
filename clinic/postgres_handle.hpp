#pragma once
// Small wrappers over libpqxx: a connection, a transaction, and query results
// copied out as text. Every failure becomes a StorageError naming the database
// by its URL without the password, so callers never see libpqxx exceptions.
// libpqxx headers stay out of this header: only the .cpp talks to libpqxx.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bfr::clinic::postgres {

// `url` with any password left out ("user:secret@" and "password=..."), for
// messages and Repository::location().
std::string without_password(std::string_view url);

// One statement parameter in PostgreSQL's text form, or NULL.
using Value = std::optional<std::string>;

Value to_value(std::int64_t value);
Value to_value(int value);
// The shortest text that reads back as the same double, so values round-trip
// bit for bit.
Value to_value(double value);
Value to_value(std::string_view value);
Value to_value(std::nullopt_t);
template <typename T>
Value to_value(const std::optional<T>& value) {
  if (!value) return std::nullopt;
  return to_value(*value);
}

// One result row. Columns are numbered from 0, as in sqlite::Statement.
class Row {
 public:
  explicit Row(std::vector<Value> fields) : fields_(std::move(fields)) {}

  int column_count() const { return static_cast<int>(fields_.size()); }
  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  int int32(int column) const;
  double real(int column) const;
  std::string text(int column) const;  // NULL reads as empty
  std::optional<std::int64_t> optional_int64(int column) const;
  std::optional<double> optional_real(int column) const;

 private:
  const Value& field(int column) const;
  std::vector<Value> fields_;
};

using Rows = std::vector<Row>;

// One open connection. Not thread-safe: use it from one thread at a time, and
// with at most one Transaction open on it.
class Connection {
 public:
  // Connects to the server named by a libpq URL ("postgresql://...").
  explicit Connection(const std::string& url);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs SQL outside a transaction (each statement commits on its own), for
  // what cannot run in one, such as CREATE DATABASE; `sql` may hold several
  // statements.
  void execute(std::string_view sql);

  // Runs one statement outside a transaction: a single read needs no more.
  template <typename... Values>
  Rows query(std::string_view sql, const Values&... values) {
    const std::array<Value, sizeof...(Values)> parameters{to_value(values)...};
    return query_with(sql, parameters);
  }
  Rows query_with(std::string_view sql, std::span<const Value> parameters);

  // The URL without its password.
  const std::string& location() const { return location_; }
  // The server version as a number, e.g. 150004 for 15.4.
  int server_version() const;

 private:
  friend class Transaction;
  struct Impl;

  std::string location_;
  std::unique_ptr<Impl> impl_;
};

// Rolls back on destruction unless commit() ran, so an exception anywhere in
// a write leaves the database as it was.
class Transaction {
 public:
  enum class Mode {
    kRead,   // REPEATABLE READ, READ ONLY: one snapshot for multi-query reads
    kWrite,  // READ COMMITTED; writers lock the rows they must serialise on
  };

  explicit Transaction(Connection& connection, Mode mode = Mode::kWrite);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // Runs SQL without parameters; `sql` may hold several statements.
  void execute(std::string_view sql);

  // Runs one statement with $1, $2, ... bound to `values` in order.
  template <typename... Values>
  Rows query(std::string_view sql, const Values&... values) {
    const std::array<Value, sizeof...(Values)> parameters{to_value(values)...};
    return query_with(sql, parameters);
  }
  Rows query_with(std::string_view sql, std::span<const Value> parameters);

  void commit();

 private:
  struct Impl;

  Connection& connection_;
  std::unique_ptr<Impl> impl_;
};

// Taken on the row a write checks before it writes. Unlike FOR UPDATE it does
// not block other transactions' foreign-key checks against that row.
inline constexpr std::string_view kLockRow = " FOR NO KEY UPDATE";

// Raises StorageError "unknown <what> id <id>" unless `table` has a row with
// that id; `lock` is appended to the query (kLockRow, or nothing).
void require_row(Transaction& transaction, std::string_view table, std::string_view what,
                 std::int64_t id, std::string_view lock = {});

// The id an INSERT ... RETURNING id handed back.
std::int64_t inserted_id(const Rows& returning);

}  // namespace bfr::clinic::postgres
