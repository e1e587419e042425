#include "server/sqlite_account_store.hpp"

#include <fmt/format.h>

#include "server/account_schema.hpp"

namespace bfr::server {

namespace {

using clinic::sqlite::Statement;
using clinic::sqlite::Transaction;

constexpr const char* kAccountColumns = "id, name, role, password_hash, created_at";

Account read_account(const Statement& row) {
  Account account;
  account.id = row.int64(0);
  account.name = row.text(1);
  // The schema's CHECK allows only the two names.
  account.role = parse_role(row.text(2)).value_or(Role::kClinician);
  account.password_hash = row.text(3);
  account.created_at = row.int64(4);
  return account;
}

}  // namespace

SqliteAccountStore::SqliteAccountStore(const std::string& path) : database_(path) {
  // The clinic's repository writes to the same file on its own connection.
  database_.execute("PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;");
  migrate();
}

void SqliteAccountStore::migrate() {
  Transaction transaction(database_);
  database_.execute(
      "CREATE TABLE IF NOT EXISTS server_schema_version (version INTEGER NOT NULL) STRICT");
  Statement read(database_, "SELECT max(version) FROM server_schema_version");
  read.step();
  const int version = read.is_null(0) ? 0 : read.int32(0);
  if (version > kAccountSchemaVersion) {
    throw AccountError(
        fmt::format("the server tables in {} are version {}, newer than this program knows ({})",
                    database_.path(), version, kAccountSchemaVersion));
  }
  if (version < 1) {
    database_.execute(schema::kSqliteV1);
    database_.execute("INSERT INTO server_schema_version (version) VALUES (1)");
  }
  transaction.commit();
}

std::vector<Account> SqliteAccountStore::select_accounts(std::string_view where,
                                                         const auto&... values) {
  Statement select(database_, fmt::format("SELECT {} FROM server_accounts {} ORDER BY id",
                                          kAccountColumns, where));
  select.bind_all(values...);
  std::vector<Account> accounts;
  while (select.step()) accounts.push_back(read_account(select));
  return accounts;
}

std::int64_t SqliteAccountStore::add_account(const Account& account) {
  Transaction transaction(database_);
  if (!select_accounts("WHERE name = ?", std::string_view(account.name)).empty()) {
    throw AccountError(fmt::format("an account named '{}' exists already", account.name));
  }
  Statement insert(database_,
                   "INSERT INTO server_accounts (name, role, password_hash, created_at) "
                   "VALUES (?, ?, ?, ?)");
  insert.bind_all(std::string_view(account.name), role_name(account.role),
                  std::string_view(account.password_hash), account.created_at);
  insert.run();
  const std::int64_t id = database_.last_insert_id();
  transaction.commit();
  return id;
}

std::optional<Account> SqliteAccountStore::find_account(std::string_view name) {
  auto found = select_accounts("WHERE name = ?", name);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::optional<Account> SqliteAccountStore::get_account(std::int64_t id) {
  auto found = select_accounts("WHERE id = ?", id);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<Account> SqliteAccountStore::list_accounts() {
  return select_accounts("");
}

std::int64_t SqliteAccountStore::account_count() {
  Statement count(database_, "SELECT count(*) FROM server_accounts");
  count.step();
  return count.int64(0);
}

void SqliteAccountStore::set_password_hash(std::int64_t account_id, const std::string& hash) {
  Statement update(database_, "UPDATE server_accounts SET password_hash = ? WHERE id = ?");
  update.bind_all(std::string_view(hash), account_id);
  update.run();
}

void SqliteAccountStore::add_session(const SessionRow& session) {
  Statement insert(database_,
                   "INSERT INTO server_sessions (id_digest, account_id, csrf_token, created_at, "
                   "last_seen_at) VALUES (?, ?, ?, ?, ?)");
  insert.bind_all(std::string_view(session.id_digest), session.account_id,
                  std::string_view(session.csrf_token), session.created_at, session.last_seen_at);
  insert.run();
}

std::optional<SessionRow> SqliteAccountStore::find_session(std::string_view id_digest) {
  Statement select(database_,
                   "SELECT id_digest, account_id, csrf_token, created_at, last_seen_at "
                   "FROM server_sessions WHERE id_digest = ?");
  select.bind_all(id_digest);
  if (!select.step()) return std::nullopt;
  return SessionRow{select.text(0), select.int64(1), select.text(2), select.int64(3),
                    select.int64(4)};
}

void SqliteAccountStore::touch_session(std::string_view id_digest, std::int64_t now) {
  Statement update(database_, "UPDATE server_sessions SET last_seen_at = ? WHERE id_digest = ?");
  update.bind_all(now, id_digest);
  update.run();
}

void SqliteAccountStore::remove_session(std::string_view id_digest) {
  Statement remove(database_, "DELETE FROM server_sessions WHERE id_digest = ?");
  remove.bind_all(id_digest);
  remove.run();
}

void SqliteAccountStore::remove_expired_sessions(std::int64_t idle_before,
                                                 std::int64_t created_before) {
  Statement remove(database_,
                   "DELETE FROM server_sessions WHERE last_seen_at < ? OR created_at < ?");
  remove.bind_all(idle_before, created_before);
  remove.run();
}

std::int64_t SqliteAccountStore::add_audit(const AuditEntry& entry) {
  Statement insert(database_,
                   "INSERT INTO server_audit (at, actor, address, action, target, detail) "
                   "VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind_all(entry.at, std::string_view(entry.actor), std::string_view(entry.address),
                  std::string_view(entry.action), std::string_view(entry.target),
                  std::string_view(entry.detail));
  insert.run();
  return database_.last_insert_id();
}

std::vector<AuditEntry> SqliteAccountStore::recent_audit(int limit) {
  Statement select(database_,
                   "SELECT id, at, actor, address, action, target, detail FROM server_audit "
                   "ORDER BY id DESC LIMIT ?");
  select.bind_all(limit);
  std::vector<AuditEntry> entries;
  while (select.step()) {
    entries.push_back(AuditEntry{select.int64(0), select.int64(1), select.text(2), select.text(3),
                                 select.text(4), select.text(5), select.text(6)});
  }
  return entries;
}

}  // namespace bfr::server
