#include "server/login_throttle.hpp"

#include <algorithm>

namespace bfr::server {

LoginThrottle::LoginThrottle(ThrottleLimits account_limits, ThrottleLimits address_limits)
    : account_limits_(account_limits), address_limits_(address_limits) {}

std::int64_t LoginThrottle::wait_in(const Table& table, const ThrottleLimits& limits,
                                    std::string_view key, std::int64_t now) {
  const auto found = table.find(key);
  if (found == table.end()) return 0;
  const Failures& failures = found->second;
  if (now - failures.last_at >= limits.forget_after_s) return 0;
  const int over = failures.count - limits.free_failures;
  if (over < 0) return 0;
  // 1 s after the 5th failure, 2 s after the 6th, ...: doubling, capped.
  std::int64_t delay = limits.first_delay_s;
  for (int i = 0; i < over && delay < limits.max_delay_s; ++i) delay *= 2;
  delay = std::min(delay, limits.max_delay_s);
  return std::max<std::int64_t>(0, failures.last_at + delay - now);
}

void LoginThrottle::count_in(Table& table, const ThrottleLimits& limits, std::string_view key,
                             std::int64_t now) {
  auto found = table.find(key);
  if (found == table.end()) found = table.emplace(std::string(key), Failures{}).first;
  Failures& failures = found->second;
  if (now - failures.last_at >= limits.forget_after_s) failures.count = 0;
  ++failures.count;
  failures.last_at = now;
}

std::int64_t LoginThrottle::wait_seconds(std::string_view account, std::string_view address,
                                         std::int64_t now) const {
  const std::lock_guard lock(mutex_);
  return std::max(wait_in(accounts_, account_limits_, account, now),
                  wait_in(addresses_, address_limits_, address, now));
}

void LoginThrottle::record_failure(std::string_view account, std::string_view address,
                                   std::int64_t now) {
  const std::lock_guard lock(mutex_);
  count_in(accounts_, account_limits_, account, now);
  count_in(addresses_, address_limits_, address, now);
  // Old entries go, so that names tried once do not pile up forever.
  std::erase_if(accounts_, [&](const auto& entry) {
    return now - entry.second.last_at >= account_limits_.forget_after_s;
  });
  std::erase_if(addresses_, [&](const auto& entry) {
    return now - entry.second.last_at >= address_limits_.forget_after_s;
  });
}

void LoginThrottle::record_success(std::string_view account) {
  const std::lock_guard lock(mutex_);
  if (const auto found = accounts_.find(account); found != accounts_.end()) accounts_.erase(found);
}

}  // namespace bfr::server
