// The OpenAPI document describes exactly the routes the server answers.

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "test_server.hpp"

namespace bfr::server::testing {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

TEST(OpenApiTest, TheDocumentAndTheServerHaveTheSameRoutes) {
  TestServer server;
  const Reply reply = server.send("GET", "/api/openapi.json", Caller{});
  ASSERT_EQ(reply.status, 200);
  const nlohmann::json& document = reply.body;
  EXPECT_EQ(document["openapi"].get<std::string>().substr(0, 2), "3.");

  std::set<std::string> documented;
  for (const auto& [path, item] : document["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      documented.insert(lower(method) + " " + path);
      // Every protected operation names its security; public ones say none.
      EXPECT_TRUE(operation.contains("security")) << method << ' ' << path;
    }
  }
  std::set<std::string> served;
  for (const RouteSpec& route : server.api().routes()) {
    served.insert(lower(route.method) + " " + std::string(route.path));
    const auto& operation = document["paths"][std::string(route.path)][lower(route.method)];
    if (operation.is_null()) continue;
    const bool public_in_document = operation["security"].empty();
    EXPECT_EQ(public_in_document, route.access == Access::kPublic) << route.path;
  }
  EXPECT_EQ(documented, served);
}

}  // namespace
}  // namespace bfr::server::testing
