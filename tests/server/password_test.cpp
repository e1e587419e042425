#include "server/password.hpp"

#include <gtest/gtest.h>

#include "server/tokens.hpp"

namespace bfr::server {
namespace {

TEST(PasswordTest, AHashVerifiesItsPasswordOnly) {
  const std::string hash = hash_password("correct horse battery");
  EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
  EXPECT_TRUE(verify_password(hash, "correct horse battery"));
  EXPECT_FALSE(verify_password(hash, "correct horse batterY"));
  EXPECT_FALSE(verify_password(hash, ""));
  // Salted: the same password hashes differently each time.
  EXPECT_NE(hash, hash_password("correct horse battery"));
  EXPECT_FALSE(needs_rehash(hash));
}

TEST(PasswordTest, AHashWithOtherLimitsNeedsARehash) {
  // Today's hash with its time cost rewritten to 1: a hash from weaker limits.
  const std::string current = hash_password("some password");
  ASSERT_FALSE(needs_rehash(current));
  std::string other = current;
  const std::size_t at = other.find("t=");
  ASSERT_NE(at, std::string::npos);
  other.replace(at, other.find(',', at) - at, "t=1");
  EXPECT_TRUE(needs_rehash(other)) << other;
}

TEST(PasswordTest, LengthRules) {
  EXPECT_FALSE(password_problem("123456789").empty());
  EXPECT_TRUE(password_problem("1234567890").empty());
  EXPECT_FALSE(password_problem(std::string(129, 'a')).empty());
}

TEST(TokensTest, RandomTokensAreHexOfTheAskedLengthAndDiffer) {
  const std::string a = random_hex(32);
  EXPECT_EQ(a.size(), 64U);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, random_hex(32));
  const std::string password = random_password(20);
  EXPECT_EQ(password.size(), 20U);
  EXPECT_EQ(password.find_first_of("0O1lI"), std::string::npos);
}

TEST(TokensTest, DigestsAreStableAndSecretsCompareExactly) {
  EXPECT_EQ(token_digest("abc"), token_digest("abc"));
  EXPECT_NE(token_digest("abc"), token_digest("abd"));
  EXPECT_EQ(token_digest("abc").size(), 64U);
  EXPECT_TRUE(same_secret("abc", "abc"));
  EXPECT_FALSE(same_secret("abc", "abd"));
  EXPECT_FALSE(same_secret("abc", "abcd"));
  EXPECT_FALSE(same_secret("", ""));  // a missing token never matches
}

}  // namespace
}  // namespace bfr::server
