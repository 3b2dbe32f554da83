#!/usr/bin/env bash
# Side by side, in one run on one server: warroom's PostgreSQL append rate with 1, 4 and 8
# seats appending notes to one incident (append_if, a conflict re-tried on the new head)
# against pgbench doing plain single-row inserts (a row the size of a log line, autocommit)
# with as many clients; then the commit-to-other-seat latency (a writer appending, another
# seat waiting on LISTEN/NOTIFY and reading what came). Prints a Markdown table
# (docs/performance.md, "PostgreSQL store").
#
#   benches/pg-append.sh [SECONDS]     # each rate run lasts SECONDS (default 10)
#   ROUNDS=5 benches/pg-append.sh      # rounds of 1, 4, 8 seats, each beside pgbench (default 3)
#
# The table gives medians over the rounds (min–max); the ratio is the median of each round's
# warroom rate over that round's pgbench rate.
#
# Starts a throw-away server of its own (scripts/pg-server) in a temporary directory and stops
# it at the end; PG_URL=postgres://… uses that server instead.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${1:-10}
LAT_LINES=${LAT_LINES:-1000}

if [ -z "${PG_URL:-}" ]; then
  pgdir="$(mktemp -d)"
  trap 'scripts/pg-server stop "$pgdir" >/dev/null 2>&1 || true; rm -rf "$pgdir"' EXIT
  PG_URL="$(scripts/pg-server start "$pgdir")"
fi
echo "server: $PG_URL" >&2

cargo bench --locked --bench pg_append --no-run --quiet 2>/dev/null ||
  cargo bench --locked --bench pg_append --no-run
bench() { cargo bench --locked --quiet --bench pg_append -- "$@"; }

psql -X -q -d "$PG_URL" -c "CREATE TABLE IF NOT EXISTS bench_plain (id bigserial PRIMARY KEY, v text NOT NULL)"
script="$(mktemp)"
echo "INSERT INTO bench_plain (v) VALUES (repeat('x', 330));" >"$script"

# The disk's own rate of 330-byte writes each made durable (dd oflag=dsync): every commit is
# an fsync of the server's WAL, and the shared disk's speed varies from hour to hour.
probe() {
  local f t
  f="$(mktemp)"
  t=$(dd if=/dev/zero of="$f" bs=330 count=100 oflag=dsync 2>&1 |
    sed -n 's/.* copied, \([0-9.]*\) s.*/\1/p')
  rm -f "$f"
  awk -v t="${t:-0}" 'BEGIN { printf "%.0f", (t > 0 ? 100 / t : 0) }'
}
echo "disk before: $(probe) durable 330-byte writes/s (dd oflag=dsync)"

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }

# Rounds: in each, every seat count runs warroom then pgbench, so a slow spell of the shared disk
# (every commit is an fsync of the server's WAL) falls on both; the medians are quoted.
ROUNDS=${ROUNDS:-3}
declare -A ours_r ours_c theirs ratios
for r in $(seq 1 "$ROUNDS"); do
  for n in 1 4 8; do
    ours="$(bench rate "$PG_URL" "$n" "$SECONDS_EACH")"
    tps="$(pgbench -n -f "$script" -c "$n" -j "$n" -T "$SECONDS_EACH" "$PG_URL" 2>/dev/null |
      sed -n 's/^tps = \([0-9.]*\).*/\1/p')"
    rate="$(echo "$ours" | field rate)"
    ours_r[$n]="${ours_r[$n]:-} $rate"
    ours_c[$n]="${ours_c[$n]:-} $(echo "$ours" | field conflicts)"
    theirs[$n]="${theirs[$n]:-} ${tps:-0}"
    ratios[$n]="${ratios[$n]:-} $(awk -v a="$rate" -v b="${tps:-0}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
    echo "round $r, $n: warroom $rate lines/s, pgbench ${tps:-?} rows/s" >&2
  done
done
# "median min max" of a list of numbers, printed with the format $1 (%.0f, %.2f)
med() { tr ' ' '\n' | grep -v '^$' | sort -g | awk -v f="$1" '{ a[NR] = $1 } END {
  m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
  printf f " " f " " f "\n", m, a[1], a[NR] }'; }

echo "| seats / clients | warroom append_if, lines/s | conflicts re-tried | pgbench plain inserts, rows/s | ratio |"
echo "|---:|---:|---:|---:|---:|"
for n in 1 4 8; do
  read -r om olo ohi < <(echo "${ours_r[$n]}" | med %.0f)
  read -r cm _ _ < <(echo "${ours_c[$n]}" | med %.0f)
  read -r tm tlo thi < <(echo "${theirs[$n]}" | med %.0f)
  read -r rm rlo rhi < <(echo "${ratios[$n]}" | med %.2f)
  printf '| %s | %s (%s–%s) | %s | %s (%s–%s) | %s (%s–%s) |\n' \
    "$n" "$om" "$olo" "$ohi" "$cm" "$tm" "$tlo" "$thi" "$rm" "$rlo" "$rhi"
done
rm -f "$script"

echo
echo "disk after: $(probe) durable 330-byte writes/s (dd oflag=dsync)"
lat="$(bench latency "$PG_URL" "$LAT_LINES")"
echo
echo "commit-to-other-seat latency ($LAT_LINES lines, append_if call to the other seat's read_after):" \
  "p50 $(echo "$lat" | field p50_ms) ms, p90 $(echo "$lat" | field p90_ms) ms," \
  "p99 $(echo "$lat" | field p99_ms) ms, max $(echo "$lat" | field max_ms) ms"
