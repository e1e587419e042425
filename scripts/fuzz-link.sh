#!/usr/bin/env bash
# Fuzzes the device link's frame decoder and message parser for a bounded
# time: scripts/fuzz-link.sh [SECONDS] (default 60). Builds with clang++ and
# libFuzzer under AddressSanitizer and UBSan into build/fuzz (outside the
# main g++ build), writes a seed corpus, runs, and exits non-zero on any
# crash, sanitizer report or failed invariant (the input is kept in
# build/fuzz/artifacts). Needs Debian's clang and libclang-rt-dev packages.
set -euo pipefail

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "usage: $0 [SECONDS]   (a positive whole number; default 60)" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/build/fuzz"
cxx="${FUZZ_CXX:-clang++}"
if ! command -v "$cxx" >/dev/null; then
  echo "fuzz-link: $cxx not found (apt-get install clang libclang-rt-dev)" >&2
  exit 2
fi
mkdir -p "$out/seeds" "$out/corpus" "$out/artifacts"

sources=("$root"/link/*.cpp)
common=(-std=c++20 -g -O1 -I"$root" -fno-exceptions -Wall -Wextra)

echo "fuzz-link: building"
"$cxx" "${common[@]}" -o "$out/make_seeds" "$root/fuzz/make_seeds.cpp" "${sources[@]}"
"$out/make_seeds" "$out/seeds"
"$cxx" "${common[@]}" -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -o "$out/link_fuzzer" "$root/fuzz/link_fuzzer.cpp" "${sources[@]}"

echo "fuzz-link: running for ${seconds} s"
log="$out/last-run.log"
status=0
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" \
UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
  "$out/link_fuzzer" -max_total_time="$seconds" -max_len=1024 -print_final_stats=1 \
  -artifact_prefix="$out/artifacts/" "$out/corpus" "$out/seeds" >"$log" 2>&1 || status=$?

grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)|^Done|ERROR|SUMMARY" "$log" || true
if [ "$status" -ne 0 ]; then
  echo "fuzz-link: FAILED (exit $status); log in $log, inputs in $out/artifacts" >&2
  tail -n 40 "$log" >&2
  exit 1
fi
execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
echo "fuzz-link: ok, ${execs:-?} inputs in ${seconds} s, no crash"
