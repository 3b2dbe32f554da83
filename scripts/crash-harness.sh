#!/usr/bin/env bash
# The long crash-safety run: SIGKILLs a headless incident at random moments, N times (default
# 200), checking after every kill that the log verifies (or has only a torn last line, which
# resume repairs), that every event reported written is in the log, and that resume continues.
# It is tests/crash.rs with more kills; `cargo test` runs the same harness with 20.
#
#   scripts/crash-harness.sh [KILLS] [SEED]
#
# Prints a tally (kills by method, torn lines seen and repaired, events acknowledged).
set -euo pipefail
cd "$(dirname "$0")/.."
export WARROOM_CRASH_RUNS="${1:-200}"
if [ $# -ge 2 ]; then export WARROOM_CRASH_SEED="$2"; fi
exec cargo test --locked --test crash -- --nocapture
