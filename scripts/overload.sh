#!/usr/bin/env bash
# Overload: 1,000 connections (wrk, a new token per check) against syncer whose 3 pods answer only after 3 s, with a
# 1 s deadline: every check either is refused at once (503, beyond check.maxInFlight), fails a busy pool at once
# (NotSynced), or waits its deadline out (Timeout). Prints the answers by status and verdict, the latency quantiles of
# all answers as the client saw them, syncer's event-loop lag gauge and RSS. The jar runs as scripts/syncer starts it.
# Bounded (about 40 s); ends every process it started. Usage: scripts/overload.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20}"
CONNECTIONS="${2:-1000}"
WORK="$(mktemp -d)"
FIRST_POD=18481
SYNCER_PORT=18490

# shellcheck source=scripts/pods.sh
. scripts/pods.sh
ensure_load_tools
command -v python3 >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq python3 >/dev/null; }
[ -f target/syncer.jar ] || mvn -B -q -DskipTests package

cleanup() {
  for pid in ${PODS_PID:-} ${SYNCER_PID:-}; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

cat > "$WORK/slowpods.py" <<'PY'
import asyncio, sys
async def handle(reader, writer):
    try:
        while True:
            await reader.readuntil(b"\r\n\r\n")
            await asyncio.sleep(3.0)
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
            await writer.drain()
    except Exception:
        pass
    finally:
        writer.close()
async def main():
    first = int(sys.argv[1])
    servers = [await asyncio.start_server(handle, "127.0.0.1", first + i, backlog=4096) for i in range(3)]
    await asyncio.gather(*(s.serve_forever() for s in servers))
asyncio.run(main())
PY
python3 "$WORK/slowpods.py" "$FIRST_POD" &
PODS_PID=$!

cat > "$WORK/syncer.json" <<JSON
{"http": {"host": "127.0.0.1", "port": $SYNCER_PORT},
 "check": {"deadlineMs": 1000},
 "discovery": {"mode": "static", "static": [
   {"name": "pod-0", "address": "127.0.0.1:$FIRST_POD"},
   {"name": "pod-1", "address": "127.0.0.1:$((FIRST_POD + 1))"},
   {"name": "pod-2", "address": "127.0.0.1:$((FIRST_POD + 2))"}]}}
JSON
scripts/syncer --conf "$WORK/syncer.json" > "$WORK/syncer.log" 2>&1 &
SYNCER_PID=$!
wait_ready "$SYNCER_PORT"

cat > "$WORK/overload.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
local counter = 0
answers = {}
request = function()
  counter = counter + 1
  return wrk.format("GET", nil, {["X-Auth-Token"] = "overload-" .. counter .. "-" .. math.random(1, 1000000000)})
end
response = function(status, headers, body)
  local key = status .. " " .. (string.match(body or "", '"status":"(%a+)"') or "-")
  answers[key] = (answers[key] or 0) + 1
end
done = function(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("answers")) do total[k] = (total[k] or 0) + v end
  end
  for k, v in pairs(total) do io.write(string.format("answers %-16s %d\n", k, v)) end
  io.write(string.format("latency p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, p99.9 %.0f ms, max %.0f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
end
LUA
# a short warm-up (JIT), then the measured run
wrk -t2 -c"$CONNECTIONS" -d5s -s "$WORK/overload.lua" "http://127.0.0.1:$SYNCER_PORT/v1/synced" > /dev/null 2>&1 || true
echo "== $CONNECTIONS connections, ${DURATION}s, pods slower (3 s) than the 1 s deadline"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$WORK/overload.lua" "http://127.0.0.1:$SYNCER_PORT/v1/synced" 2>&1 \
  | grep -E "^(answers|latency)|Requests/sec|Socket errors"
curl -s "http://127.0.0.1:$SYNCER_PORT/metrics" | grep -E "^syncer_event_loop_lag_seconds|^syncer_checks_rejected_total" || true
echo "RSS $(( $(ps -o rss= -p "$SYNCER_PID") / 1024 )) MiB"
