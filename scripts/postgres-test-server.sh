#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the storage tests:
#   scripts/postgres-test-server.sh start   start it, or reuse the running one; prints its URL
#   scripts/postgres-test-server.sh stop    stop it and delete its data
# Use it as
#   export OPENBFR_TEST_POSTGRES_URL=$(scripts/postgres-test-server.sh start)
#
# The cluster lives in build/pg (OPENBFR_PG_DIR overrides) and listens on
# 127.0.0.1 only, at the first free port from 55432 (OPENBFR_PG_PORT
# overrides), with trust authentication and without fsync: it holds test data
# and nothing else. The binaries come from Debian's postgresql package
# (/usr/lib/postgresql/15/bin). PostgreSQL refuses to run as root, so as root
# the server runs as the package's `postgres` system user.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=/usr/lib/postgresql/15/bin
DIR=${OPENBFR_PG_DIR:-$PWD/build/pg}
FIRST_PORT=${OPENBFR_PG_PORT:-55432}

is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a command as the user the cluster belongs to.
as_owner() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# As root the cluster belongs to `postgres`, which must be able to reach it.
# When it cannot (a checkout under /root, say), the cluster goes to /tmp, under
# a name derived from this checkout's path so that `stop` finds it again.
mkdir -p "$(dirname "$DIR")"
if is_root && ! runuser -u postgres -- test -x "$(dirname "$DIR")" 2>/dev/null; then
  DIR=${TMPDIR:-/tmp}/openbfr-pg-$(printf '%s' "$DIR" | cksum | cut -d' ' -f1)
fi
DATA=$DIR/data

url_for_port() { echo "postgresql://postgres@127.0.0.1:$1/postgres"; }

# The port of this cluster's running server, or nothing.
running_port() {
  [ -f "$DATA/postmaster.pid" ] || return 0
  as_owner "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1 || return 0
  sed -n 4p "$DATA/postmaster.pid"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port=$FIRST_PORT
  while port_in_use "$port"; do
    port=$((port + 1))
    if [ "$port" -ge $((FIRST_PORT + 100)) ]; then
      echo "no free TCP port on 127.0.0.1 from $FIRST_PORT to $((port - 1))" >&2
      exit 1
    fi
  done
  echo "$port"
}

create_cluster() {
  rm -rf "$DATA"
  as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --no-locale \
    --no-sync >"$DIR/initdb.log"
  # TCP on loopback only: no Unix socket, no other address.
  as_owner tee "$DATA/pg_hba.conf" >/dev/null <<'EOF'
host all all 127.0.0.1/32 trust
EOF
  as_owner tee -a "$DATA/postgresql.conf" >/dev/null <<'EOF'
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

start() {
  if [ ! -x "$BIN/pg_ctl" ]; then
    echo "PostgreSQL 15 is not installed in $BIN: install the Debian package postgresql" >&2
    exit 1
  fi
  local port
  port=$(running_port)
  if [ -n "$port" ]; then
    echo "PostgreSQL test server already running in $DIR on port $port" >&2
    url_for_port "$port"
    return
  fi
  [ -f "$DATA/PG_VERSION" ] || create_cluster
  port=$(free_port)
  # 9>&-: the server must not inherit the lock, or it would hold it for life.
  as_owner "$BIN/pg_ctl" start -D "$DATA" -l "$DIR/server.log" -o "-p $port" -w -t 60 \
    >/dev/null 9>&- ||
    {
      echo "PostgreSQL did not start; its log:" >&2
      cat "$DIR/server.log" >&2
      exit 1
    }
  echo "PostgreSQL test server started in $DIR on port $port" >&2
  url_for_port "$port"
}

stop() {
  if [ -n "$(running_port)" ]; then
    as_owner "$BIN/pg_ctl" stop -D "$DATA" -m fast -w -t 60 >/dev/null ||
      as_owner "$BIN/pg_ctl" stop -D "$DATA" -m immediate -w >/dev/null
    echo "PostgreSQL test server in $DIR stopped" >&2
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
  start | stop)
    mkdir -p "$DIR"
    if is_root; then chown postgres:postgres "$DIR"; fi
    # One start or stop at a time per cluster: `run.sh test` and a developer's
    # shell may share it.
    exec 9>"$DIR.lock"
    flock 9
    "$1"
    ;;
  *)
    echo "usage: scripts/postgres-test-server.sh start | stop" >&2
    exit 2
    ;;
esac
