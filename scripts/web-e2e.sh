#!/usr/bin/env bash
# The web app's browser suite: builds web/ into BUILD_DIR/web-dist, starts
# `bfr serve` from BUILD_DIR on a fresh SQLite database with a clinician and
# an admin account, and drives Debian's chromium through playwright-core
# (web/e2e/run.mjs). Screenshots go to BUILD_DIR/web-artefacts.
#   scripts/web-e2e.sh BUILD_DIR
# Needs node, `npm ci --prefix web` done, chromium (CHROMIUM, default
# /usr/bin/chromium) and BUILD_DIR/cli/bfr built. Fails (never skips) when
# any is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${1:?usage: scripts/web-e2e.sh BUILD_DIR}
build_dir=$(cd "$build_dir" && pwd)
bfr="$build_dir/cli/bfr"
chromium_bin=${CHROMIUM:-/usr/bin/chromium}

fail() {
  echo "web-e2e: $*" >&2
  exit 1
}
command -v node >/dev/null || fail "node is not on PATH"
[ -x "$chromium_bin" ] || fail "chromium not found at $chromium_bin (apt-get install chromium, or set CHROMIUM)"
[ -d web/node_modules/playwright-core ] || fail "web/node_modules is missing: run npm ci --prefix web"
[ -x "$bfr" ] || fail "$bfr is not built"

artefacts="$build_dir/web-artefacts"
dist="$build_dir/web-dist"
rm -rf "$artefacts"
mkdir -p "$artefacts"
(cd web && npx --no-install tsc --noEmit && npx --no-install vite build --logLevel warn --outDir "$dist" --emptyOutDir)

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

db="$work/e2e.db"
password="e2e-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$password" | "$bfr" user add nurse --role clinician --db "$db" >/dev/null
printf '%s\n' "$password" | "$bfr" user add admin --role admin --db "$db" >/dev/null

# The virtual devices run 20 times the wall clock: a 30-15-15-15 session in
# about half a minute.
"$bfr" serve --listen 127.0.0.1:0 --db "$db" --static "$dist" --virtual-devices 2 \
  --device-speed 20 >"$work/serve.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 120); do
  url=$(sed -n 's/^Open \(http[^ ]*\)$/\1/p' "$work/serve.log")
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; fail "bfr serve exited"; }
  sleep 0.5
done
[ -n "$url" ] || { cat "$work/serve.log" >&2; fail "bfr serve printed no address"; }
echo "web-e2e: bfr serve at $url"

CHROMIUM="$chromium_bin" E2E_CLINICIAN=nurse E2E_ADMIN=admin E2E_PASSWORD="$password" \
  node web/e2e/run.mjs "$url" "$artefacts"
echo "web-e2e: screenshots in $artefacts"
