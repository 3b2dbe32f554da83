#!/usr/bin/env bash
# Idle budget: the live screen left open for a minute, its clock ticking every second, uses
# under 1% of a core. Runs `warroom` under tmux at 200x60 on a new incident (the built-in
# playbook), waits for the first frame, then reads the process's utime+stime from
# /proc/PID/stat before and after SECONDS (default 60) of doing nothing, and prints the share
# of one core used.
#
#   benches/idle.sh [SECONDS] [LOG]
#
# With LOG (e.g. a generated 100,000-event log), the screen resumes that incident instead, to
# show that idle cost does not grow with the log. Needs tmux (installed with apt-get if
# missing). Exits 1 when over budget.
set -euo pipefail
cd "$(dirname "$0")/.."

SECS=${1:-60}
RESUME=${2:-}
command -v tmux >/dev/null 2>&1 || {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq tmux >/dev/null
}
cargo build --release --locked --quiet
BIN=$PWD/target/release/warroom
WORK=$(mktemp -d)
SESSION=warroom-idle-$$
cleanup() {
  tmux kill-session -t "$SESSION" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -n "$RESUME" ]; then
  cp "$RESUME" "$WORK/incident.jsonl"
  CMD="$BIN resume $WORK/incident.jsonl --operator idle"
else
  CMD="$BIN run --log $WORK/incident.jsonl --operator idle"
fi
tmux new-session -d -s "$SESSION" -x 200 -y 60 "cd $WORK && exec $CMD"
# Wait for the first frame.
for _ in $(seq 100); do
  tmux capture-pane -p -t "$SESSION" | grep -q 'LIVE' && break
  sleep 0.1
done
tmux capture-pane -p -t "$SESSION" | grep -q 'LIVE' || { echo "the screen did not come up" >&2; exit 1; }
PID=$(tmux list-panes -t "$SESSION" -F '#{pane_pid}')
TICK=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }  # utime + stime, in clock ticks
sleep 2
before=$(cpu)
t0=$(date +%s.%N)
sleep "$SECS"
after=$(cpu)
t1=$(date +%s.%N)
# The clock really ticked: the screen shows a later time than at the start.
tmux capture-pane -p -t "$SESSION" | head -2 >&2
awk -v b="$before" -v a="$after" -v t0="$t0" -v t1="$t1" -v hz="$TICK" 'BEGIN {
  used = (a - b) / hz; wall = t1 - t0; pct = 100 * used / wall
  printf "idle: %.2f s of CPU in %.1f s of wall time = %.2f%% of one core (budget: under 1%%)\n", used, wall, pct
  exit (pct < 1) ? 0 : 1
}'
