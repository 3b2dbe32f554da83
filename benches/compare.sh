#!/usr/bin/env bash
# Side by side: `warroom stats` against what a user would reach for to get the same counts from
# a large incident log — jq (the fair equivalent: one streaming pass, counting kinds in a
# reduce), jq | sort | uniq -c, python3's json module, and wc -l as the floor (reading the
# file, no JSON at all); and `warroom verify`, which reads every event in full. Prints wall
# time, peak memory (/usr/bin/time -v) and the ratio to warroom stats for each, on one
# generated log.
#
#   benches/compare.sh [EVENTS]      # default 1000000 (about 350 MB)
#
# Builds the release binary, generates the log once (kept in target/tmp/compare/), runs each
# tool RUNS times (default 3) and keeps the fastest. Installs jq and time with apt-get if
# they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS=${1:-1000000}
RUNS=${RUNS:-3}

need=()
command -v jq >/dev/null 2>&1 || need+=(jq)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

cargo build --release --locked --quiet
BIN=target/release/warroom
DIR=target/tmp/compare
mkdir -p "$DIR"
LOG="$DIR/log-$EVENTS.jsonl"
if [ ! -s "$LOG" ]; then
  echo "generating $EVENTS events into $LOG ..." >&2
  "$BIN" gen log --events "$EVENTS" -o "$LOG.part"
  mv "$LOG.part" "$LOG"
fi
SIZE=$(stat -c %s "$LOG")

# The same figure from every tool: the number of events of each kind. Checked to agree.
JQ_REDUCE='reduce inputs as $e ({}; .[$e.kind] += 1)'
PY='import json,sys
c={}
for line in open(sys.argv[1],"rb"):
    k=json.loads(line)["kind"]
    c[k]=c.get(k,0)+1
for k in sorted(c): print(k, c[k])'

declare -A CMD=(
  [warroom]="$BIN stats --format json $LOG"
  [warroom-verify]="$BIN verify $LOG"
  [jq-reduce]="jq -n -c '$JQ_REDUCE' $LOG"
  [jq-sort-uniq]="jq -r .kind $LOG | sort | uniq -c"
  [python3]="python3 -c '$PY' $LOG"
  [wc-l]="wc -l $LOG"
)
ORDER=(warroom warroom-verify jq-reduce jq-sort-uniq python3 wc-l)

# The counts must agree before any time means anything.
want=$("$BIN" stats --format json "$LOG" | jq -c '.by_kind')
got=$(jq -n -c "$JQ_REDUCE" "$LOG" | jq -c 'to_entries | sort_by(.key) | from_entries')
if [ "$want" != "$got" ]; then
  echo "warroom and jq disagree:" >&2
  echo "  warroom: $want" >&2
  echo "  jq:      $got" >&2
  exit 1
fi

# Runs a command RUNS times; prints "best_seconds peak_kb" (peak of the run that was fastest;
# for a pipeline, the largest process in it).
measure() {
  local cmd=$1 best="" best_kb=0 out secs kb
  for _ in $(seq "$RUNS"); do
    out=$( { /usr/bin/time -f '@@ %e %M' bash -c "$cmd" >/dev/null; } 2>&1 | grep '^@@' | tail -1)
    secs=$(echo "$out" | awk '{print $2}')
    kb=$(echo "$out" | awk '{print $3}')
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then
      best=$secs
      best_kb=$kb
    fi
  done
  echo "$best $best_kb"
}

# Peak memory of warroom alone, from /usr/bin/time -v (maximum resident set size).
WARROOM_KB=$( { /usr/bin/time -v "$BIN" stats "$LOG" >/dev/null; } 2>&1 | awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}')

printf 'log: %s — %s events, %s bytes (%s MB); best of %s runs; %s cores, load %s\n' \
  "$LOG" "$EVENTS" "$SIZE" "$((SIZE / 1000000))" "$RUNS" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-14s %10s %12s %10s %14s\n' tool seconds "peak MB" MB/s "x warroom"
base=""
for name in "${ORDER[@]}"; do
  read -r secs kb < <(measure "${CMD[$name]}")
  [ -z "$base" ] && base=$secs
  awk -v n="$name" -v s="$secs" -v kb="$kb" -v b="$base" -v size="$SIZE" 'BEGIN {
    mbps = (s > 0) ? size / 1e6 / s : 0
    printf "%-14s %10.2f %12.1f %10.0f %14.2f\n", n, s, kb / 1024, mbps, (b > 0) ? s / b : 0
  }'
done
echo
echo "warroom stats peak memory (/usr/bin/time -v): $((WARROOM_KB / 1024)) MB (budget: under 64 MB)"
echo "warroom also checks every line's SHA-256 hash and the chain; the others only count."
echo "warroom-verify reads every event in full (as resume does); on 3 or more cores, on worker threads."
echo "Budget: warroom at least 2x faster than jq (the 'x warroom' column of jq-reduce >= 2)."
