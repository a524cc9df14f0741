#!/usr/bin/env bash
# Drops N sync requests into a fresh root and times `coze-drop watch --once` against the built-in
# simulator (release build). Usage: Benchmarks/watch-once.sh [N] [CONCURRENCY]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-200}
concurrency=${2:-4}
swift build -c release --product coze-drop >/dev/null
binary=$(swift build -c release --show-bin-path)/coze-drop
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/inbox"
for i in $(seq 1 "$count"); do
  printf '{"workflow_id": "7366468917055111111", "parameters": {"n": %d}}' "$i" > "$root/inbox/req-$i.json"
done
start=$(date +%s.%N)
"$binary" watch --once --simulator --root "$root" --settle 0 --interval 0.05 --concurrency "$concurrency" --max-rps 0 > "$root/agent.log"
end=$(date +%s.%N)
done_count=$(ls "$root/outbox" | grep -c '\.response\.json$' || true)
failed_count=$(ls "$root/failed" 2>/dev/null | grep -c '\.response\.json$' || true)
awk -v n="$count" -v c="$concurrency" -v s="$start" -v e="$end" -v ok="$done_count" -v bad="$failed_count" \
  'BEGIN { t = e - s; printf "%d sync requests, concurrency %d: %.2f s, %.0f requests/s (%d in outbox, %d failed)\n", n, c, t, n / t, ok, bad }'
