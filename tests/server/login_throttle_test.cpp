#include "server/login_throttle.hpp"

#include <gtest/gtest.h>

namespace bfr::server {
namespace {

TEST(LoginThrottleTest, FiveFreeFailuresThenDoublingWaitsUpToTheCap) {
  LoginThrottle throttle;
  std::int64_t now = 1000;
  for (int i = 0; i < 4; ++i) {
    throttle.record_failure("ann", "10.0.0.1", now);
    EXPECT_EQ(throttle.wait_seconds("ann", "10.0.0.1", now), 0) << i;
  }
  std::int64_t expected = 1;
  for (int failure = 5; failure < 20; ++failure) {
    throttle.record_failure("ann", "10.0.0.9", now);
    EXPECT_EQ(throttle.wait_seconds("ann", "10.0.0.2", now), std::min<std::int64_t>(expected, 900))
        << failure;
    now += std::min<std::int64_t>(expected, 900);
    EXPECT_EQ(throttle.wait_seconds("ann", "10.0.0.2", now), 0);
    expected *= 2;
  }
  EXPECT_EQ(throttle.wait_seconds("bob", "10.0.0.3", now), 0);
}

TEST(LoginThrottleTest, SuccessClearsTheAccountButNotTheAddress) {
  LoginThrottle throttle({5, 1, 900, 3600}, {3, 1, 900, 3600});
  for (int i = 0; i < 3; ++i) throttle.record_failure("name" + std::to_string(i), "10.0.0.1", 50);
  EXPECT_EQ(throttle.wait_seconds("anyone", "10.0.0.1", 50), 1);
  EXPECT_EQ(throttle.wait_seconds("anyone", "10.0.0.2", 50), 0);
  throttle.record_success("name0");
  EXPECT_EQ(throttle.wait_seconds("anyone", "10.0.0.1", 50), 1);
}

TEST(LoginThrottleTest, FailuresAreForgottenAfterAQuietHour) {
  LoginThrottle throttle;
  for (int i = 0; i < 8; ++i) throttle.record_failure("ann", "10.0.0.1", 0);
  EXPECT_GT(throttle.wait_seconds("ann", "10.0.0.1", 0), 0);
  EXPECT_EQ(throttle.wait_seconds("ann", "10.0.0.1", 3600), 0);
  throttle.record_failure("ann", "10.0.0.1", 3600);
  EXPECT_EQ(throttle.wait_seconds("ann", "10.0.0.1", 3600), 0);  // counting from one again
}

}  // namespace
}  // namespace bfr::server
