#pragma once
// The server's tables, version 1, for both backends. The same columns and
// rules in each dialect; the version row lives in `server_schema_version`.

namespace bfr::server::schema {

inline constexpr const char* kSqliteV1 = R"sql(
CREATE TABLE server_accounts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
  role TEXT NOT NULL CHECK (role IN ('admin', 'clinician')),
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE TABLE server_sessions (
  id_digest TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES server_accounts(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) STRICT;
CREATE TABLE server_audit (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  address TEXT NOT NULL,
  action TEXT NOT NULL CHECK (length(action) > 0),
  target TEXT NOT NULL,
  detail TEXT NOT NULL
) STRICT;
)sql";

inline constexpr const char* kPostgresV1 = R"sql(
CREATE TABLE server_accounts (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
  role TEXT NOT NULL CHECK (role IN ('admin', 'clinician')),
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE server_sessions (
  id_digest TEXT PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES server_accounts(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL
);
CREATE TABLE server_audit (
  id BIGSERIAL PRIMARY KEY,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  address TEXT NOT NULL,
  action TEXT NOT NULL CHECK (length(action) > 0),
  target TEXT NOT NULL,
  detail TEXT NOT NULL
);
)sql";

}  // namespace bfr::server::schema
