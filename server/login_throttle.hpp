#pragma once
// Login rate limiting with exponential back-off, per account name and per
// client address. After `free_failures` failed logins in a row, each further
// attempt must wait 1 s, then 2 s, 4 s ... up to `max_delay`; while it must
// wait, the login is refused without looking at the password. A success
// clears the account's count; an address's count is forgotten after
// `forget_after` without a failure (so one good login cannot reset an
// address that is guessing at many accounts).
//
// Kept in memory: a restart forgets it, which costs an attacker a restart of
// the server they cannot trigger. Thread-safe.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace bfr::server {

struct ThrottleLimits {
  int free_failures = 5;
  std::int64_t first_delay_s = 1;
  std::int64_t max_delay_s = 15 * 60;
  std::int64_t forget_after_s = 60 * 60;
};

class LoginThrottle {
 public:
  // Project choice: an account is slowed after 5 failures, an address (a
  // clinic behind one NAT address has many users) after 20.
  LoginThrottle() = default;
  LoginThrottle(ThrottleLimits account_limits, ThrottleLimits address_limits);

  // Seconds to wait before a login for `account` from `address` is looked at;
  // 0 when it may be tried now.
  std::int64_t wait_seconds(std::string_view account, std::string_view address,
                            std::int64_t now) const;
  void record_failure(std::string_view account, std::string_view address, std::int64_t now);
  void record_success(std::string_view account);

 private:
  struct Failures {
    int count = 0;
    std::int64_t last_at = 0;
  };
  using Table = std::map<std::string, Failures, std::less<>>;

  static std::int64_t wait_in(const Table& table, const ThrottleLimits& limits,
                              std::string_view key, std::int64_t now);
  static void count_in(Table& table, const ThrottleLimits& limits, std::string_view key,
                       std::int64_t now);

  ThrottleLimits account_limits_{};
  ThrottleLimits address_limits_{20, 1, 15 * 60, 60 * 60};
  mutable std::mutex mutex_;
  Table accounts_;
  Table addresses_;
};

}  // namespace bfr::server
