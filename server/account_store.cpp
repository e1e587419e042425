#include "server/account_store.hpp"

#include "server/postgres_account_store.hpp"
#include "server/sqlite_account_store.hpp"

namespace bfr::server {

std::string_view role_name(Role role) {
  return role == Role::kAdmin ? "admin" : "clinician";
}

std::optional<Role> parse_role(std::string_view text) {
  if (text == "admin") return Role::kAdmin;
  if (text == "clinician") return Role::kClinician;
  return std::nullopt;
}

std::string account_name_problem(std::string_view name) {
  if (name.empty() || name.size() > 64) return "the account name must have 1 to 64 characters";
  for (const char c : name) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!allowed) return "the account name may hold only letters, digits, '.', '_' and '-'";
  }
  return {};
}

std::unique_ptr<AccountStore> open_account_store(const std::string& url,
                                                 const std::string& sqlite_path) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return std::make_unique<PostgresAccountStore>(url);
  }
  return std::make_unique<SqliteAccountStore>(sqlite_path);
}

}  // namespace bfr::server
