#include "server/postgres_account_store.hpp"

#include <fmt/format.h>

#include "server/account_schema.hpp"

namespace bfr::server {

namespace {

using clinic::postgres::Row;
using clinic::postgres::Rows;

constexpr const char* kSelectAccounts =
    "SELECT id, name, role, password_hash, created_at FROM server_accounts ";

Account read_account(const Row& row) {
  Account account;
  account.id = row.int64(0);
  account.name = row.text(1);
  account.role = parse_role(row.text(2)).value_or(Role::kClinician);
  account.password_hash = row.text(3);
  account.created_at = row.int64(4);
  return account;
}

std::vector<Account> read_accounts(const Rows& rows) {
  std::vector<Account> accounts;
  for (const Row& row : rows) accounts.push_back(read_account(row));
  return accounts;
}

}  // namespace

PostgresAccountStore::PostgresAccountStore(const std::string& url) : connection_(url) {
  migrate();
}

void PostgresAccountStore::migrate() {
  clinic::postgres::Transaction transaction(connection_);
  transaction.execute(
      "CREATE TABLE IF NOT EXISTS server_schema_version (version INTEGER NOT NULL)");
  // Two servers starting at once on an empty database take turns here.
  transaction.execute("LOCK TABLE server_schema_version IN EXCLUSIVE MODE");
  const Rows rows = transaction.query("SELECT max(version) FROM server_schema_version");
  const int version = rows.front().is_null(0) ? 0 : rows.front().int32(0);
  if (version > kAccountSchemaVersion) {
    throw AccountError(
        fmt::format("the server tables in {} are version {}, newer than this program knows ({})",
                    connection_.location(), version, kAccountSchemaVersion));
  }
  if (version < 1) {
    transaction.execute(schema::kPostgresV1);
    transaction.execute("INSERT INTO server_schema_version (version) VALUES (1)");
  }
  transaction.commit();
}

std::int64_t PostgresAccountStore::add_account(const Account& account) {
  clinic::postgres::Transaction transaction(connection_);
  transaction.execute("LOCK TABLE server_accounts IN SHARE ROW EXCLUSIVE MODE");
  if (!transaction.query("SELECT id FROM server_accounts WHERE name = $1", account.name).empty()) {
    throw AccountError(fmt::format("an account named '{}' exists already", account.name));
  }
  const Rows rows = transaction.query(
      "INSERT INTO server_accounts (name, role, password_hash, created_at) "
      "VALUES ($1, $2, $3, $4) RETURNING id",
      account.name, role_name(account.role), account.password_hash, account.created_at);
  transaction.commit();
  return rows.front().int64(0);
}

std::optional<Account> PostgresAccountStore::find_account(std::string_view name) {
  auto found =
      read_accounts(connection_.query(std::string(kSelectAccounts) + "WHERE name = $1", name));
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::optional<Account> PostgresAccountStore::get_account(std::int64_t id) {
  auto found = read_accounts(connection_.query(std::string(kSelectAccounts) + "WHERE id = $1", id));
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<Account> PostgresAccountStore::list_accounts() {
  return read_accounts(connection_.query(std::string(kSelectAccounts) + "ORDER BY id"));
}

std::int64_t PostgresAccountStore::account_count() {
  return connection_.query("SELECT count(*) FROM server_accounts").front().int64(0);
}

void PostgresAccountStore::set_password_hash(std::int64_t account_id, const std::string& hash) {
  connection_.query("UPDATE server_accounts SET password_hash = $1 WHERE id = $2", hash,
                    account_id);
}

void PostgresAccountStore::add_session(const SessionRow& session) {
  connection_.query(
      "INSERT INTO server_sessions (id_digest, account_id, csrf_token, created_at, last_seen_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      session.id_digest, session.account_id, session.csrf_token, session.created_at,
      session.last_seen_at);
}

std::optional<SessionRow> PostgresAccountStore::find_session(std::string_view id_digest) {
  const Rows rows = connection_.query(
      "SELECT id_digest, account_id, csrf_token, created_at, last_seen_at FROM server_sessions "
      "WHERE id_digest = $1",
      id_digest);
  if (rows.empty()) return std::nullopt;
  const Row& row = rows.front();
  return SessionRow{row.text(0), row.int64(1), row.text(2), row.int64(3), row.int64(4)};
}

void PostgresAccountStore::touch_session(std::string_view id_digest, std::int64_t now) {
  connection_.query("UPDATE server_sessions SET last_seen_at = $1 WHERE id_digest = $2", now,
                    id_digest);
}

void PostgresAccountStore::remove_session(std::string_view id_digest) {
  connection_.query("DELETE FROM server_sessions WHERE id_digest = $1", id_digest);
}

void PostgresAccountStore::remove_expired_sessions(std::int64_t idle_before,
                                                   std::int64_t created_before) {
  connection_.query("DELETE FROM server_sessions WHERE last_seen_at < $1 OR created_at < $2",
                    idle_before, created_before);
}

std::int64_t PostgresAccountStore::add_audit(const AuditEntry& entry) {
  return connection_
      .query(
          "INSERT INTO server_audit (at, actor, address, action, target, detail) "
          "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
          entry.at, entry.actor, entry.address, entry.action, entry.target, entry.detail)
      .front()
      .int64(0);
}

std::vector<AuditEntry> PostgresAccountStore::recent_audit(int limit) {
  std::vector<AuditEntry> entries;
  for (const Row& row :
       connection_.query("SELECT id, at, actor, address, action, target, detail FROM server_audit "
                         "ORDER BY id DESC LIMIT $1",
                         limit)) {
    entries.push_back(AuditEntry{row.int64(0), row.int64(1), row.text(2), row.text(3), row.text(4),
                                 row.text(5), row.text(6)});
  }
  return entries;
}

}  // namespace bfr::server
