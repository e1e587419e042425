#pragma once
// An API request the server refuses: the HTTP status and a message for the
// client, sent as {"error": message}. Thrown before anything is written.

#include <stdexcept>
#include <string>

namespace bfr::server {

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, const std::string& message, long long retry_after_s = 0)
      : std::runtime_error(message), status_(status), retry_after_s_(retry_after_s) {}
  int status() const { return status_; }
  // For 429: the seconds to wait, sent as Retry-After.
  long long retry_after_s() const { return retry_after_s_; }

 private:
  int status_;
  long long retry_after_s_;
};

}  // namespace bfr::server
