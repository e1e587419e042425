#!/usr/bin/env bash
# Instructions per cuff controller step, counted by valgrind's callgrind on
# the host with collection on CuffController::step only (the firmware budget
# of issue 5 is 2,000). Usage: scripts/step-cost.sh [path/to/openbfr_step_cost]
set -euo pipefail
exe=${1:-build/default/bench/openbfr_step_cost}
out=$(mktemp)
trap 'rm -f "$out" "$out.log"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$out" \
  --toggle-collect='bfr::core::CuffController::step*' "$exe" >"$out.log" 2>&1
steps=$(sed -n 's/^steps \([0-9]*\)$/\1/p' "$out.log")
total=$(sed -n 's/^summary: \([0-9]*\)$/\1/p' "$out")
if [ -z "$steps" ] || [ -z "$total" ]; then
  cat "$out.log" >&2
  echo "step-cost: could not read the counts" >&2
  exit 1
fi
echo "controller step: $((total / steps)) instructions on average over $steps steps (callgrind, host)"
