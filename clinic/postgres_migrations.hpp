#pragma once
// The migration runner for PostgreSQL, the same design as the SQLite one in
// migrations.hpp: each step runs in its own transaction together with its row
// in schema_migrations (PostgreSQL's DDL is transactional too), so an
// interrupted upgrade leaves the database at the last complete version and
// the next open resumes from there.

#include <span>

#include "clinic/migrations.hpp"
#include "clinic/postgres_handle.hpp"

namespace bfr::clinic {

// True when the database (in the connection's search_path) has a
// schema_migrations table, i.e. OpenBFR has set it up.
bool has_schema_migrations(postgres::Connection& connection);

// The version recorded in the database; 0 for a database never migrated.
int schema_version(postgres::Connection& connection);

// Applies the PostgreSQL SQL of the steps of `steps` newer than the
// database's version. Raises StorageError, changing nothing, when the
// database is newer than the last step (it was written by a later OpenBFR).
void apply_migrations(postgres::Connection& connection, std::span<const Migration> steps);

// apply_migrations() with schema_migrations().
void migrate_to_latest(postgres::Connection& connection);

}  // namespace bfr::clinic
