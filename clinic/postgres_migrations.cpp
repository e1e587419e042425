#include "clinic/postgres_migrations.hpp"

#include <cstdint>
#include <string_view>

#include <fmt/format.h>

#include "clinic/repository.hpp"
#include "clinic/timestamp.hpp"

namespace bfr::clinic {

namespace {

// Any fixed number works: it names the lock that OpenBFR's migrators of one
// database take, so that two first opens do not both create the tables.
constexpr std::int64_t kMigrationLockKey = 0x4f70656e424652;  // "OpenBFR"

template <typename Source>
bool has_migrations_table(Source& source) {
  // to_regclass() follows the search_path, as the unqualified names in the
  // schema do.
  return source.query("SELECT to_regclass('schema_migrations') IS NOT NULL")[0].text(0) == "t";
}

template <typename Source>
int recorded_version(Source& source) {
  if (!has_migrations_table(source)) return 0;
  return source.query("SELECT coalesce(max(version), 0) FROM schema_migrations")[0].int32(0);
}

}  // namespace

bool has_schema_migrations(postgres::Connection& connection) {
  return has_migrations_table(connection);
}

int schema_version(postgres::Connection& connection) {
  postgres::Transaction snapshot(connection, postgres::Transaction::Mode::kRead);
  return recorded_version(snapshot);
}

void apply_migrations(postgres::Connection& connection, std::span<const Migration> steps) {
  require_ordered_steps(steps);
  const int known_version = steps.empty() ? 0 : steps.back().version;
  require_known_version(connection.location(), schema_version(connection), known_version);

  for (const Migration& step : steps) {
    postgres::Transaction transaction(connection);
    // Held to the end of the transaction. Read the version again under it:
    // another process may have migrated since the last look.
    transaction.query("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
    require_known_version(connection.location(), recorded_version(transaction), known_version);
    transaction.execute(kCreateMigrationsTable);
    if (step.version <= recorded_version(transaction)) continue;

    try {
      transaction.execute(step.postgres_sql);
    } catch (const StorageError& error) {
      throw StorageError(
          fmt::format("schema migration to version {} failed: {}", step.version, error.what()));
    }
    transaction.query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
                      step.version, utc_timestamp_now());
    transaction.commit();
  }
}

void migrate_to_latest(postgres::Connection& connection) {
  apply_migrations(connection, schema_migrations());
}

}  // namespace bfr::clinic
