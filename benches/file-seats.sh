#!/usr/bin/env bash
# The file store with several seats: 2,000 notes written to one log file by 1 headless seat,
# then by 4 and by 8 headless `warroom join --script` seats at once (2,000 / N notes each),
# side by side in one run; then `warroom verify` of each result (and a check that every note
# is in it once). Every append takes the log's write lock, checks the tail, folds in what the
# other seats appended, writes and fsyncs, so the seats' rate against the single writer's is
# the cost of sharing one file. Prints a Markdown table (docs/performance.md, "The file
# store with several seats").
#
#   benches/file-seats.sh [NOTES]      # notes in all per run (default 2000)
#   RUNS=5 benches/file-seats.sh       # rounds (default 3; each round runs 1, 4, 8 seats in turn)
#   SEATS="1 2 4 8" benches/file-seats.sh
#
# The logs are written under target/tmp/file-seats/ (the disk the project is on: fsync's cost
# is that disk's) and removed at the end. BIN=path/to/warroom to time another build.
set -euo pipefail
cd "$(dirname "$0")/.."

NOTES=${1:-2000}
RUNS=${RUNS:-3}
SEATS=${SEATS:-"1 4 8"}
PLAYBOOK=docs/examples/minimal.ron

if [ -z "${BIN:-}" ]; then
  cargo build --release --locked --quiet
  BIN=target/release/warroom
fi
work="target/tmp/file-seats"
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }

# One seat's script: its share of the notes.
scripts() {
  local n=$1 per=$((NOTES / n)) s i
  for s in $(seq 1 "$n"); do
    for i in $(seq 1 "$per"); do
      echo "note \"seat $s of $n, note $i\""
    done >"$work/seat-$n-$s.txt"
  done
}

# One round with N seats: prints "seconds verify_seconds events".
round() {
  local n=$1 log="$work/seats-$n.jsonl" s t0 t1 t2 pids=() failed=0
  rm -f "$log"
  echo "" >"$work/empty.txt"
  "$BIN" run "$PLAYBOOK" --script "$work/empty.txt" --log "$log" --operator lead >/dev/null
  t0=$(now)
  for s in $(seq 1 "$n"); do
    "$BIN" join "$log" --script "$work/seat-$n-$s.txt" --operator "seat$s" >/dev/null &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
  t1=$(now)
  [ "$failed" = 0 ] || { echo "a seat failed (N=$n)" >&2; exit 1; }
  "$BIN" verify "$log" >/dev/null || { echo "verify failed (N=$n)" >&2; exit 1; }
  t2=$(now)
  local notes
  notes=$(grep -c '"kind":"note"' "$log")
  local want=$(((NOTES / n) * n))
  [ "$notes" = "$want" ] || { echo "N=$n: $notes notes in the log, $want written" >&2; exit 1; }
  # Every note once: the texts are distinct.
  local distinct
  distinct=$(grep -o '"text":"seat [0-9]* of [0-9]*, note [0-9]*"' "$log" | sort -u | wc -l)
  [ "$distinct" = "$want" ] || { echo "N=$n: $distinct distinct notes, $want written" >&2; exit 1; }
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
    "$(awk -v a="$t1" -v b="$t2" 'BEGIN { print b - a }')" \
    "$(wc -l <"$log")"
  rm -f "$log"
}

for n in $SEATS; do scripts "$n"; done

declare -A secs verify events
for r in $(seq 1 "$RUNS"); do
  for n in $SEATS; do
    read -r s v e < <(round "$n")
    secs[$n]="${secs[$n]:-} $s"
    verify[$n]="${verify[$n]:-} $v"
    events[$n]=$e
    echo "round $r, $n seat(s): $s s, verify $v s" >&2
  done
done

# median and min–max of a list of numbers
stat() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END {
  m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
  printf "%.2f %.2f %.2f\n", m, a[1], a[NR] }'; }

first=${SEATS%% *}
read -r base _ _ < <(echo "${secs[$first]}" | stat)
echo "$(nproc) cores, $(date -u +%Y-%m-%d), $NOTES notes, median of $RUNS rounds (min–max)"
echo
echo "| seats | notes each | seconds | notes/s | rate vs $first seat(s) | events in the log | verify, seconds |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in $SEATS; do
  read -r m lo hi < <(echo "${secs[$n]}" | stat)
  read -r vm vlo vhi < <(echo "${verify[$n]}" | stat)
  total=$(((NOTES / n) * n))
  rate=$(awk -v t="$total" -v s="$m" 'BEGIN { printf "%.0f", t / s }')
  ratio=$(awk -v b="$base" -v s="$m" -v t="$total" -v bt="$NOTES" 'BEGIN { printf "%.2f", (t / s) / (bt / b) }')
  printf '| %s | %s | %s (%s–%s) | %s | %s | %s | %s (%s–%s) |\n' \
    "$n" "$((NOTES / n))" "$m" "$lo" "$hi" "$rate" "$ratio" "${events[$n]}" "$vm" "$vlo" "$vhi"
done
