#pragma once
// Versioned schema migrations, and their runner for SQLite (the PostgreSQL
// runner is in postgres_migrations.hpp). Each step runs in its own
// transaction together with its row in schema_migrations, so an interrupted
// upgrade leaves the database at the last complete version and the next open
// resumes from there. To change the schema, append a step, in both dialects;
// never edit a released one.

#include <span>
#include <string_view>

#include "clinic/sqlite_handle.hpp"

namespace bfr::clinic {

// One step for both backends, so that their schema versions cannot drift
// apart: the same change in each SQL dialect.
struct Migration {
  int version;
  std::string_view description;
  std::string_view sqlite_sql;
  std::string_view postgres_sql;
};

// The table of applied steps, the same in both dialects.
inline constexpr std::string_view kCreateMigrationsTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  applied_at TEXT NOT NULL
))sql";

// The steps this build knows, in ascending version order from 1 without gaps.
std::span<const Migration> schema_migrations();

// The highest version this build knows.
int latest_schema_version();

// Raises StorageError unless the versions of `steps` are 1, 2, 3, ... in order.
void require_ordered_steps(std::span<const Migration> steps);

// Raises StorageError, naming the database at `location`, when its schema
// `version` is newer than `known_version` (it was written by a later OpenBFR).
void require_known_version(std::string_view location, int version, int known_version);

// The version recorded in `database`; 0 for a database never migrated.
int schema_version(sqlite::Database& database);

// Applies the SQLite SQL of the steps of `steps` newer than the database's
// version. Raises StorageError, changing nothing, when the database is newer
// than the last step (it was written by a later OpenBFR).
void apply_migrations(sqlite::Database& database, std::span<const Migration> steps);

// apply_migrations() with schema_migrations().
void migrate_to_latest(sqlite::Database& database);

}  // namespace bfr::clinic
