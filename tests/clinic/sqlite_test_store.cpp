// The SQLite test store: a database file in a fresh temporary directory.

#include <filesystem>

#include "clinic/sqlite_handle.hpp"
#include "clinic_test_support.hpp"
#include "test_store.hpp"

namespace bfr::clinic::testing {

namespace {

class SqliteTestStore final : public TestStore {
 public:
  SqliteTestStore() : file_(directory_.path() / "clinic.db") {}

  std::string url() const override { return file_.string(); }

  void execute(const std::string& sql) override {
    sqlite::Database raw(file_.string());
    raw.execute("PRAGMA foreign_keys = ON");
    raw.execute(sql);
  }

  std::vector<std::vector<std::string>> select(const std::string& sql) override {
    sqlite::Database raw(file_.string());
    sqlite::Statement query(raw, sql);
    std::vector<std::vector<std::string>> rows;
    while (query.step()) {
      std::vector<std::string>& row = rows.emplace_back();
      for (int column = 0; column < query.column_count(); ++column) {
        row.push_back(query.is_null(column) ? "NULL" : query.text(column));
      }
    }
    return rows;
  }

  std::vector<std::string> table_names() override {
    std::vector<std::string> names;
    for (const std::vector<std::string>& row :
         select("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")) {
      names.push_back(row.at(0));
    }
    return names;
  }

  int schema_version() override {
    sqlite::Database raw(file_.string());
    return clinic::schema_version(raw);
  }

  void apply_migrations(std::span<const Migration> steps) override {
    sqlite::Database raw(file_.string());
    clinic::apply_migrations(raw, steps);
  }

  std::string refusal(Refusal kind) const override {
    switch (kind) {
      case Refusal::kCheck:
        return "CHECK constraint failed";
      case Refusal::kForeignKey:
        return "FOREIGN KEY constraint failed";
      case Refusal::kWrongType:
        // STRICT tables refuse values of the wrong type.
        return "cannot store TEXT value in REAL column";
    }
    return "unknown refusal";
  }

 private:
  TempDir directory_;
  std::filesystem::path file_;
};

}  // namespace

Backend sqlite_backend() {
  return Backend{.name = "sqlite",
                 .make_store = [] { return std::make_unique<SqliteTestStore>(); }};
}

}  // namespace bfr::clinic::testing
