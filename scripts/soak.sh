#!/usr/bin/env bash
# Soak: syncer under steady load for a while (default 180 s, 64 connections, a new token per check, 3 nginx pods on
# loopback), sampling its RSS, open file descriptors and threads every 15 s. Prints the series and whether each stayed
# within 15 % of its first sample after warm-up. Bounded in time; ends every process it started.
# Usage: scripts/soak.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TOTAL="${1:-180}"
CONNECTIONS="${2:-64}"
WORK="$(mktemp -d)"
PODS=(18281 18282 18283)
SYNCER_PORT=18190

# shellcheck source=scripts/pods.sh
. scripts/pods.sh
ensure_load_tools
[ -f target/syncer.jar ] || mvn -B -q -DskipTests package

cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  [ -n "${WRK_PID:-}" ] && kill "$WRK_PID" 2>/dev/null || true
  [ -n "${SYNCER_PID:-}" ] && kill "$SYNCER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

start_pods "${PODS[0]}" 3 soak-

cat > "$WORK/syncer.json" <<JSON
{"http": {"host": "127.0.0.1", "port": $SYNCER_PORT},
 "discovery": {"mode": "static", "static": [
   {"name": "pod-0", "address": "127.0.0.1:${PODS[0]}"},
   {"name": "pod-1", "address": "127.0.0.1:${PODS[1]}"},
   {"name": "pod-2", "address": "127.0.0.1:${PODS[2]}"}]}}
JSON
java -Xmx256m -jar target/syncer.jar --conf "$WORK/syncer.json" > /dev/null 2>&1 &
SYNCER_PID=$!
wait_ready "$SYNCER_PORT"

cat > "$WORK/unique.lua" <<'LUA'
local counter = 0
request = function()
  counter = counter + 1
  local token = "soak-" .. counter .. "-" .. math.random(1, 1000000000)
  return wrk.format("GET", nil, {["X-Auth-Token"] = token})
end
LUA
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_TOTAL}s" -s "$WORK/unique.lua" "http://127.0.0.1:$SYNCER_PORT/v1/synced" > "$WORK/wrk.txt" &
WRK_PID=$!

printf '%6s %9s %6s %8s\n' "t(s)" "RSS(MiB)" "fds" "threads"
samples=()
for t in $(seq 15 15 "$SECONDS_TOTAL"); do
  sleep 15
  rss=$(( $(ps -o rss= -p "$SYNCER_PID") / 1024 ))
  fds=$(ls "/proc/$SYNCER_PID/fd" | wc -l)
  threads=$(ls "/proc/$SYNCER_PID/task" | wc -l)
  printf '%6s %9s %6s %8s\n' "$t" "$rss" "$fds" "$threads"
  samples+=("$rss $fds $threads")
done
wait "$WRK_PID" || true
WRK_PID=
grep -E "Requests/sec|requests in|Non-2xx" "$WORK/wrk.txt" || true
# flat: every sample after the first minute within 15 % of the sample at one minute
printf '%s\n' "${samples[@]}" | awk 'NR==4 {r=$1; f=$2; t=$3} NR>4 {
  if ($1 > r*1.15 || $1 < r*0.85) bad=bad " rss@" NR*15; if ($2 > f*1.15+2) bad=bad " fds@" NR*15; if ($3 > t*1.15) bad=bad " threads@" NR*15 }
  END { if (NR < 5) print "too short to judge flatness"; else if (bad == "") print "flat within 15 % after the first minute"; else { print "NOT flat:" bad; exit 1 } }'
