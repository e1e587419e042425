#pragma once
// Versioned schema migrations. Each step runs in its own transaction together
// with its row in schema_migrations, so an interrupted upgrade leaves the
// database at the last complete version and the next open resumes from there.
// To change the schema, append a step; never edit a released one.

#include <span>
#include <string_view>

#include "clinic/sqlite_handle.hpp"

namespace bfr::clinic {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

// The steps this build knows, in ascending version order from 1 without gaps.
std::span<const Migration> schema_migrations();

// The highest version this build knows.
int latest_schema_version();

// The version recorded in `database`; 0 for a database never migrated.
int schema_version(sqlite::Database& database);

// Applies the steps of `steps` newer than the database's version. Raises
// StorageError, changing nothing, when the database is newer than the last
// step (it was written by a later OpenBFR).
void apply_migrations(sqlite::Database& database, std::span<const Migration> steps);

// apply_migrations() with schema_migrations().
void migrate_to_latest(sqlite::Database& database);

}  // namespace bfr::clinic
