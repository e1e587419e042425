#include "clinic/migrations.hpp"

#include <array>
#include <cstddef>

#include <fmt/format.h>

#include "clinic/postgres_schema_v1.hpp"
#include "clinic/postgres_schema_v2.hpp"
#include "clinic/repository.hpp"
#include "clinic/schema_v1.hpp"
#include "clinic/schema_v2.hpp"
#include "clinic/timestamp.hpp"

namespace bfr::clinic {

namespace {

constexpr std::array kMigrations{
    Migration{1, "patients, limbs, traces, LOP measurements and sessions", kSchemaV1,
              kPostgresSchemaV1},
    Migration{2,
              "screenings, overrides, 1RM, programme assignments, per-set load/RPE/pain, "
              "symptoms",
              kSchemaV2, kPostgresSchemaV2},
};

constexpr bool versions_count_up_from_one(std::span<const Migration> steps) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].version != static_cast<int>(i) + 1) return false;
  }
  return true;
}
static_assert(versions_count_up_from_one(kMigrations),
              "migration versions must be 1, 2, 3, ... in order");

void require_not_newer_than(sqlite::Database& database, int known_version) {
  require_known_version(database.path(), schema_version(database), known_version);
}

}  // namespace

std::span<const Migration> schema_migrations() {
  return kMigrations;
}

int latest_schema_version() {
  return kMigrations.back().version;
}

void require_ordered_steps(std::span<const Migration> steps) {
  if (!versions_count_up_from_one(steps)) {
    throw StorageError("internal error: migration versions must be 1, 2, 3, ... in order");
  }
}

void require_known_version(std::string_view location, int version, int known_version) {
  if (version > known_version) {
    throw StorageError(
        fmt::format("database {} has schema version {}, but this OpenBFR knows versions up to {}; "
                    "use a newer OpenBFR to open it",
                    location, version, known_version));
  }
}

int schema_version(sqlite::Database& database) {
  sqlite::Statement table_exists(
      database, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?");
  table_exists.bind_all("schema_migrations");
  table_exists.step();
  if (table_exists.int64(0) == 0) return 0;

  sqlite::Statement version(database, "SELECT coalesce(max(version), 0) FROM schema_migrations");
  version.step();
  return version.int32(0);
}

void apply_migrations(sqlite::Database& database, std::span<const Migration> steps) {
  require_ordered_steps(steps);
  const int known_version = steps.empty() ? 0 : steps.back().version;
  require_not_newer_than(database, known_version);

  for (const Migration& step : steps) {
    sqlite::Transaction transaction(database);
    // Read again under the write lock: another process may have migrated
    // since the last look.
    require_not_newer_than(database, known_version);
    database.execute(kCreateMigrationsTable);
    if (step.version <= schema_version(database)) continue;

    try {
      database.execute(step.sqlite_sql);
    } catch (const StorageError& error) {
      throw StorageError(
          fmt::format("schema migration to version {} failed: {}", step.version, error.what()));
    }
    sqlite::Statement record(database,
                             "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
    record.bind_all(step.version, utc_timestamp_now());
    record.run();
    transaction.commit();
  }
}

void migrate_to_latest(sqlite::Database& database) {
  apply_migrations(database, schema_migrations());
}

}  // namespace bfr::clinic
