#!/usr/bin/env bash
# OpenBFR set-up and entry point. On a fresh Debian 12 machine:
#   ./run.sh demo [bfr demo options]   install, build, run `bfr demo`
#   ./run.sh test                      install, build, run every test (also under ASan+UBSan)
#   ./run.sh bench                     install, build, run the benchmarks
#   ./run.sh serve [bfr serve options]  install, build, serve the clinician web app
# Packages are installed with apt-get when run as root; otherwise the exact
# install line is printed and nothing else happens.
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
  cmake ninja-build g++ ccache pkg-config clang-format
  libsqlite3-dev libpqxx-dev libcli11-dev nlohmann-json3-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev libtomlplusplus-dev
  postgresql valgrind
  gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib
  libsodium-dev libcairo2-dev poppler-utils fonts-dejavu-core
  clang libclang-rt-14-dev
  libgpiod-dev
  libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev chromium
)

# The FHIR validator runs on Node.js >= 20.19 with npm (the machine's own
# nodejs; Debian 12's nodejs 18 is too old for it).
check_node() {
  if ! command -v npm >/dev/null || ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)'; then
    echo "OpenBFR's FHIR validation needs Node.js >= 20.19 with npm on PATH." >&2
    exit 1
  fi
}

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "OpenBFR needs these Debian packages. Install them, then run this again:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {  # build PRESET [TARGET...]
  local preset=$1
  shift
  cmake --preset "$preset" >/dev/null
  if [ $# -gt 0 ]; then
    cmake --build --preset "$preset" --target "$@"
  else
    cmake --build --preset "$preset"
  fi
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  demo)
    install_packages
    build default bfr
    exec ./build/default/cli/bfr demo "$@"
    ;;
  test)
    install_packages
    check_node
    # The FHIR validator the export tests run (@medplum/core, from npm).
    npm ci --prefix tools/fhir-validate --no-audit --no-fund --loglevel=error
    # The web app's build tools and the browser driver (playwright-core, which
    # drives Debian's chromium in the browser suite).
    npm ci --prefix web --no-audit --no-fund --loglevel=error
    build default
    # The storage tests also run on PostgreSQL, against a throwaway server.
    trap 'scripts/postgres-test-server.sh stop' EXIT
    OPENBFR_TEST_POSTGRES_URL=$(scripts/postgres-test-server.sh start)
    export OPENBFR_TEST_POSTGRES_URL OPENBFR_REQUIRE_POSTGRES=1
    ctest --preset default
    # Everything again under AddressSanitizer and UndefinedBehaviorSanitizer.
    build asan
    ctest --preset asan
    # The core as a Cortex-M4F firmware image: its size, and a link that
    # fails if anything pulls in a heap.
    cmake --preset firmware >/dev/null
    cmake --build --preset firmware
    # Instructions per controller step, counted by callgrind.
    scripts/step-cost.sh
    # The device link's frame decoder and parser under libFuzzer, bounded.
    scripts/fuzz-link.sh 60
    ;;
  serve)
    install_packages
    check_node
    npm ci --prefix web --no-audit --no-fund --loglevel=error
    npm run build --prefix web --silent
    build default bfr
    exec ./build/default/cli/bfr serve --static web/dist "$@"
    ;;
  bench)
    install_packages
    build default openbfr_bench
    exec ./build/default/bench/openbfr_bench "$@"
    ;;
  *)
    echo "usage: ./run.sh demo [options] | test | bench | serve [options]" >&2
    exit 2
    ;;
esac
