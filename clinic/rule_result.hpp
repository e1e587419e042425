#pragma once
// The one result type of the clinic rules (screening, 1RM, programmes,
// progression). Bad input is an expected event there (a typo in a form, an
// unanswered question), so it is returned as a value with a message a
// clinician can act on instead of being thrown.

#include <optional>
#include <string>
#include <utility>

namespace bfr::clinic {

template <typename T>
struct [[nodiscard]] Result {
  std::optional<T> value;
  std::string error;  // empty exactly when `value` holds something

  bool ok() const { return value.has_value(); }

  static Result success(T v) { return Result{std::optional<T>(std::move(v)), {}}; }
  static Result failure(std::string why) { return Result{std::nullopt, std::move(why)}; }
};

// A check that produces nothing but a verdict.
struct Valid {};
using Check = Result<Valid>;

inline Check check_passed() {
  return Check::success(Valid{});
}
inline Check check_failed(std::string why) {
  return Check::failure(std::move(why));
}

}  // namespace bfr::clinic
