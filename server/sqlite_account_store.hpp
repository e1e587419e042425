#pragma once
// The account store in the clinic's SQLite file, on a connection of its own.

#include <string>

#include "clinic/sqlite_handle.hpp"
#include "server/account_store.hpp"

namespace bfr::server {

class SqliteAccountStore final : public AccountStore {
 public:
  explicit SqliteAccountStore(const std::string& path);

  std::int64_t add_account(const Account& account) override;
  std::optional<Account> find_account(std::string_view name) override;
  std::optional<Account> get_account(std::int64_t id) override;
  std::vector<Account> list_accounts() override;
  std::int64_t account_count() override;
  void set_password_hash(std::int64_t account_id, const std::string& hash) override;

  void add_session(const SessionRow& session) override;
  std::optional<SessionRow> find_session(std::string_view id_digest) override;
  void touch_session(std::string_view id_digest, std::int64_t now) override;
  void remove_session(std::string_view id_digest) override;
  void remove_expired_sessions(std::int64_t idle_before, std::int64_t created_before) override;

  std::int64_t add_audit(const AuditEntry& entry) override;
  std::vector<AuditEntry> recent_audit(int limit) override;

 private:
  void migrate();
  std::vector<Account> select_accounts(std::string_view where, const auto&... values);

  clinic::sqlite::Database database_;
};

}  // namespace bfr::server
