#include "test_store.hpp"

#include <algorithm>

namespace bfr::clinic::testing {

std::string TestStore::dump() {
  std::string dump;
  for (const std::string& table : table_names()) {
    // Sorted here rather than with ORDER BY, which would need the column
    // count and compares text by the database's rules.
    std::vector<std::string> lines;
    for (const std::vector<std::string>& row : select("SELECT * FROM " + table)) {
      std::string line;
      for (const std::string& field : row) line += field + '|';
      lines.push_back(line);
    }
    std::sort(lines.begin(), lines.end());
    dump += "[" + table + "]\n";
    for (const std::string& line : lines) dump += line + '\n';
  }
  return dump;
}

std::int64_t TestStore::count_rows(const std::string& table) {
  return std::stoll(select("SELECT count(*) FROM " + table).at(0).at(0));
}

void PrintTo(const Backend& backend, std::ostream* out) {
  *out << backend.name;
}

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param.name;
}

std::vector<Backend> all_backends() {
  return {sqlite_backend(), postgres_backend()};
}

void StoreTest::SetUp() {
  try {
    store_ = GetParam().make_store();
  } catch (const BackendUnavailable& unavailable) {
    if (unavailable.required()) FAIL() << unavailable.what();
    GTEST_SKIP() << unavailable.what();
  }
}

}  // namespace bfr::clinic::testing
