#include "clinic/sqlite_handle.hpp"

#include <sqlite3.h>

#include <utility>

#include <fmt/format.h>

#include "clinic/repository.hpp"

namespace bfr::clinic::sqlite {

int library_version_number() {
  return sqlite3_libversion_number();
}

Database::Database(std::string path) : path_(std::move(path)) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXRESCODE;
  const int result = sqlite3_open_v2(path_.c_str(), &handle_, flags, nullptr);
  if (result != SQLITE_OK) {
    // SQLite may hand back a connection even when opening failed; it still
    // has to be closed.
    const std::string reason =
        handle_ != nullptr ? sqlite3_errmsg(handle_) : sqlite3_errstr(result);
    sqlite3_close(handle_);
    handle_ = nullptr;
    throw StorageError(fmt::format("cannot open database {}: {}", path_, reason));
  }
}

Database::~Database() {
  sqlite3_close(handle_);
}

void Database::execute(std::string_view sql) {
  const std::string owned_sql(sql);
  if (sqlite3_exec(handle_, owned_sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    fail("database error");
  }
}

std::int64_t Database::last_insert_id() const {
  return sqlite3_last_insert_rowid(handle_);
}

void Database::fail(std::string_view context) const {
  throw StorageError(fmt::format("{}: {} (database {})", context, sqlite3_errmsg(handle_), path_));
}

Statement::Statement(Database& database, std::string_view sql) : database_(database) {
  const int result = sqlite3_prepare_v2(database_.handle(), sql.data(),
                                        static_cast<int>(sql.size()), &statement_, nullptr);
  if (result != SQLITE_OK) database_.fail("cannot prepare statement");
}

Statement::~Statement() {
  sqlite3_finalize(statement_);
}

void Statement::check_bind(int result_code, int index) {
  if (result_code != SQLITE_OK) database_.fail(fmt::format("cannot bind parameter {}", index));
}

void Statement::bind(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(statement_, index, value), index);
}

void Statement::bind(int index, int value) {
  check_bind(sqlite3_bind_int(statement_, index, value), index);
}

void Statement::bind(int index, double value) {
  check_bind(sqlite3_bind_double(statement_, index, value), index);
}

void Statement::bind(int index, std::string_view value) {
  // SQLITE_TRANSIENT: SQLite copies the text, so `value` may die before step().
  check_bind(sqlite3_bind_text64(statement_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                                 SQLITE_UTF8),
             index);
}

void Statement::bind(int index, std::nullopt_t) {
  check_bind(sqlite3_bind_null(statement_, index), index);
}

bool Statement::step() {
  const int result = sqlite3_step(statement_);
  if (result == SQLITE_ROW) return true;
  if (result == SQLITE_DONE) return false;
  database_.fail("database error");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

int Statement::column_count() const {
  return sqlite3_column_count(statement_);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const {
  return sqlite3_column_int64(statement_, column);
}

int Statement::int32(int column) const {
  return sqlite3_column_int(statement_, column);
}

double Statement::real(int column) const {
  return sqlite3_column_double(statement_, column);
}

std::string Statement::text(int column) const {
  const unsigned char* characters = sqlite3_column_text(statement_, column);
  if (characters == nullptr) return {};
  const int size = sqlite3_column_bytes(statement_, column);
  return std::string(reinterpret_cast<const char*>(characters), static_cast<std::size_t>(size));
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

std::optional<double> Statement::optional_real(int column) const {
  if (is_null(column)) return std::nullopt;
  return real(column);
}

Transaction::Transaction(Database& database, Mode mode) : database_(database) {
  // Write transactions take the lock at BEGIN: in WAL mode a deferred
  // transaction that later tries to write can fail with SQLITE_BUSY without
  // the busy timeout helping.
  database_.execute(mode == Mode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

Transaction::~Transaction() {
  if (open_) {
    // Errors are ignored: a destructor cannot report them, and SQLite rolls
    // back on its own when a statement has already aborted the transaction.
    sqlite3_exec(database_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void Transaction::commit() {
  database_.execute("COMMIT");
  open_ = false;
}

}  // namespace bfr::clinic::sqlite
