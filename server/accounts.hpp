#pragma once
// Creating accounts, shared by `bfr user add`, the first start of `bfr serve`
// and POST /api/users: the same checks everywhere.

#include <cstdint>
#include <string>
#include <string_view>

#include "server/account_store.hpp"

namespace bfr::server {

// Checks name and password (AccountError naming the problem), hashes the
// password and stores the account.
Account create_account(AccountStore& store, std::string_view name, Role role,
                       std::string_view password, std::int64_t now);

// On a store without accounts: creates "admin" with a random password and
// returns that password (to be shown once). Empty when accounts exist.
std::string create_first_admin(AccountStore& store, std::int64_t now);

}  // namespace bfr::server
