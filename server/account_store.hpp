#pragma once
// The web server's own records, kept in the clinic's database beside the
// clinic tables: accounts with their role and password hash, signed-in
// sessions, and the audit log. The tables are the server's own, with their
// own version table (`server_schema_version`), so the clinic's migrations
// never see them. Two backends, SQLite and PostgreSQL, as for the clinic.
//
// Times are whole seconds since the Unix epoch, passed in by the caller: the
// store has no clock, so expiry is testable.

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bfr::server {

enum class Role { kClinician, kAdmin };

std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view text);

struct Account {
  std::int64_t id = 0;
  std::string name;
  Role role = Role::kClinician;
  std::string password_hash;
  std::int64_t created_at = 0;
};

struct SessionRow {
  std::string id_digest;  // token_digest() of the cookie's value
  std::int64_t account_id = 0;
  std::string csrf_token;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
};

struct AuditEntry {
  std::int64_t id = 0;
  std::int64_t at = 0;
  std::string actor;    // account name, or the name tried at a failed login
  std::string address;  // the client's address
  std::string action;   // "login", "login_failed", "patient_add", ...
  std::string target;   // "patient 3", "user nurse", or empty
  std::string detail;
};

// A name is taken, or a row breaks a rule: the caller's input, a 4xx.
class AccountError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Account names: 1-64 characters of letters, digits, '.', '_', '-'.
std::string account_name_problem(std::string_view name);

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  virtual std::int64_t add_account(const Account& account) = 0;
  virtual std::optional<Account> find_account(std::string_view name) = 0;
  virtual std::optional<Account> get_account(std::int64_t id) = 0;
  virtual std::vector<Account> list_accounts() = 0;
  virtual std::int64_t account_count() = 0;
  virtual void set_password_hash(std::int64_t account_id, const std::string& hash) = 0;

  virtual void add_session(const SessionRow& session) = 0;
  virtual std::optional<SessionRow> find_session(std::string_view id_digest) = 0;
  virtual void touch_session(std::string_view id_digest, std::int64_t now) = 0;
  virtual void remove_session(std::string_view id_digest) = 0;
  // Removes every session last seen before `idle_before` or created before
  // `created_before`.
  virtual void remove_expired_sessions(std::int64_t idle_before, std::int64_t created_before) = 0;

  virtual std::int64_t add_audit(const AuditEntry& entry) = 0;
  // The newest `limit` entries, newest first.
  virtual std::vector<AuditEntry> recent_audit(int limit) = 0;
};

// The server's current schema version.
inline constexpr int kAccountSchemaVersion = 1;

// Opens the account tables in the database `url` names, creating them when
// missing. `sqlite_path` is the file the clinic repository resolved `url` to
// (Repository::location()); it is used unless `url` is a PostgreSQL URL.
std::unique_ptr<AccountStore> open_account_store(const std::string& url,
                                                 const std::string& sqlite_path);

}  // namespace bfr::server
