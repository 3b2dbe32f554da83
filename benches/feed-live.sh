#!/usr/bin/env bash
# The Feed pane keeps up: `warroom run --feed FEED` on the real screen (tmux, 200x60) while
# N (default 10,000) JSON Lines mentions are appended to FEED in one go; reports how long until
# every one is in the log as an `intake` event (mentions per second ingested with the screen
# live: parse, de-dup, write and fsync each), and checks the pane's count on screen.
#
#   benches/feed-live.sh [N]
#
# Needs tmux (installed with apt-get if missing). Exits 1 if the screen did not come up, or
# the count on screen or in the log is wrong.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-10000}
command -v tmux >/dev/null 2>&1 || {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq tmux >/dev/null
}
cargo build --release --locked --quiet
BIN=$PWD/target/release/warroom
WORK=$(mktemp -d)
SESSION=warroom-feed-$$
cleanup() {
  tmux kill-session -t "$SESSION" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

: > "$WORK/feed.jsonl"
python3 - "$N" > "$WORK/more.jsonl" <<'PY'
import json, sys
n = int(sys.argv[1])
for i in range(n):
    print(json.dumps({"data": {"id": f"18{i:017}", "text": f"@acme_ceo mention {i}: charged twice (invented)",
        "author_id": f"u{i}", "created_at": "2026-11-21T09:00:00.000Z",
        "public_metrics": {"retweet_count": i % 50, "reply_count": 1, "like_count": 3, "quote_count": 0, "impression_count": 100 + i}},
        "includes": {"users": [{"id": f"u{i}", "name": f"User {i}", "username": f"user{i}", "public_metrics": {"followers_count": 10 + i}}]}}))
PY
tmux new-session -d -s "$SESSION" -x 200 -y 60 \
  "cd $WORK && exec $BIN run --log $WORK/incident.jsonl --operator bench --feed $WORK/feed.jsonl"
for _ in $(seq 100); do
  tmux capture-pane -p -t "$SESSION" | grep -q 'Feed · 0 mentions' && break
  sleep 0.1
done
tmux capture-pane -p -t "$SESSION" | grep -q 'Feed · 0 mentions' || { echo "the screen did not come up" >&2; exit 1; }
t0=$(date +%s.%N)
cat "$WORK/more.jsonl" >> "$WORK/feed.jsonl"
count() { grep -c '"kind":"intake"' "$WORK/incident.jsonl" || true; }
for _ in $(seq 6000); do
  [ "$(count)" -ge "$N" ] && break
  sleep 0.05
done
t1=$(date +%s.%N)
got=$(count)
sleep 1.2  # the next redraw
screen=$(tmux capture-pane -p -t "$SESSION")
echo "$screen" | grep -o 'Feed · [0-9]* mentions[^│┐]*' | head -1 >&2
awk -v n="$N" -v got="$got" -v t0="$t0" -v t1="$t1" 'BEGIN {
  s = t1 - t0
  printf "feed-live: %d of %d mentions in the log in %.2f s with the screen live = %.0f mentions/s\n", got, n, s, got / s
  exit (got == n) ? 0 : 1
}'
echo "$screen" | grep -q "Feed · $N mentions" || { echo "the pane does not show $N mentions" >&2; exit 1; }
