#!/usr/bin/env bash
# Side by side, in one run on one server: warroom's PostgreSQL append rate with 1, 4 and 8
# seats appending notes to one incident (append_if, a conflict re-tried on the new head)
# against pgbench doing plain single-row inserts (a row the size of a log line, autocommit)
# with as many clients; then the commit-to-other-seat latency (a writer appending, another
# seat waiting on LISTEN/NOTIFY and reading what came). Prints a Markdown table
# (docs/performance.md, "PostgreSQL store").
#
#   benches/pg-append.sh [SECONDS]     # each rate run lasts SECONDS (default 10)
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

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }

echo "| seats / clients | warroom append_if, lines/s | conflicts re-tried | pgbench plain inserts, rows/s | ratio |"
echo "|---:|---:|---:|---:|---:|"
for n in 1 4 8; do
  ours="$(bench rate "$PG_URL" "$n" "$SECONDS_EACH")"
  tps="$(pgbench -n -f "$script" -c "$n" -j "$n" -T "$SECONDS_EACH" "$PG_URL" 2>/dev/null |
    sed -n 's/^tps = \([0-9.]*\).*/\1/p')"
  rate="$(echo "$ours" | field rate)"
  conflicts="$(echo "$ours" | field conflicts)"
  ratio="$(awk -v a="$rate" -v b="$tps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
  printf '| %s | %.0f | %s | %.0f | %s |\n' "$n" "$rate" "$conflicts" "$tps" "$ratio"
done
rm -f "$script"

lat="$(bench latency "$PG_URL" "$LAT_LINES")"
echo
echo "commit-to-other-seat latency ($LAT_LINES lines, append_if call to the other seat's read_after):" \
  "p50 $(echo "$lat" | field p50_ms) ms, p90 $(echo "$lat" | field p90_ms) ms," \
  "p99 $(echo "$lat" | field p99_ms) ms, max $(echo "$lat" | field max_ms) ms"
