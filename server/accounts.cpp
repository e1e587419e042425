#include "server/accounts.hpp"

#include "server/password.hpp"
#include "server/tokens.hpp"

namespace bfr::server {

Account create_account(AccountStore& store, std::string_view name, Role role,
                       std::string_view password, std::int64_t now) {
  if (const std::string problem = account_name_problem(name); !problem.empty()) {
    throw AccountError(problem);
  }
  if (const std::string problem = password_problem(password); !problem.empty()) {
    throw AccountError(problem);
  }
  if (store.find_account(name)) {
    throw AccountError("an account named '" + std::string(name) + "' exists already");
  }
  Account account{0, std::string(name), role, hash_password(password), now};
  account.id = store.add_account(account);
  return account;
}

std::string create_first_admin(AccountStore& store, std::int64_t now) {
  if (store.account_count() > 0) return {};
  // 20 characters from 57 symbols: about 117 bits.
  std::string password = random_password(20);
  create_account(store, "admin", Role::kAdmin, password, now);
  return password;
}

}  // namespace bfr::server
