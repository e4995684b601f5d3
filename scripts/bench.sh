#!/usr/bin/env bash
# Throughput, latency and memory of GET /v1/synced against 3 real nginx "pods" on loopback, next to the cost of
# asking one pod directly, measured in the same run (these machines are shared and noisy: compare the ratio), and the
# event-bus API (syncer.check from a client member over the cluster, and through the TCP bridge).
# Needs nginx and wrk (installed here from Debian's packages when missing). Bounded: about 40 s of load in all.
# Usage: scripts/bench.sh [duration-seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${2:-32}"
WORK="$(mktemp -d)"
PODS=(18181 18182 18183)
SYNCER_PORT=18090

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq wrk nginx >/dev/null
fi
[ -f target/syncer.jar ] || mvn -B -q -DskipTests package

cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  [ -n "${SYNCER_PID:-}" ] && kill "$SYNCER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

{
  echo "worker_processes 1; pid $WORK/nginx.pid; error_log $WORK/error.log;"
  echo "events { worker_connections 1024; }"
  echo "http { access_log off; client_body_temp_path $WORK/b; proxy_temp_path $WORK/p; fastcgi_temp_path $WORK/f; uwsgi_temp_path $WORK/u; scgi_temp_path $WORK/s;"
  for port in "${PODS[@]}"; do
    echo "  server { listen 127.0.0.1:$port; keepalive_requests 100000; location / { if (\$http_authorization ~ \"^Bearer bench-\") { return 200; } return 401; } }"
  done
  echo "}"
} > "$WORK/nginx.conf"
nginx -p "$WORK" -c "$WORK/nginx.conf"

cat > "$WORK/syncer.json" <<JSON
{"http": {"host": "127.0.0.1", "port": $SYNCER_PORT},
 "discovery": {"mode": "static", "static": [
   {"name": "pod-0", "address": "127.0.0.1:${PODS[0]}"},
   {"name": "pod-1", "address": "127.0.0.1:${PODS[1]}"},
   {"name": "pod-2", "address": "127.0.0.1:${PODS[2]}"}]},
 "cluster": {"enabled": true, "name": "bench", "port": 15701, "eventBusPort": 15711, "members": ["127.0.0.1:15701"]},
 "bridge": {"enabled": true, "port": 17000}}
JSON
SYNCER_LOG_LEVEL=WARN java -Xmx256m -jar target/syncer.jar --conf "$WORK/syncer.json" > "$WORK/syncer.log" 2>&1 &
SYNCER_PID=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$SYNCER_PORT/health/ready" >/dev/null && break
  sleep 0.2
done
RSS_IDLE=$(ps -o rss= -p "$SYNCER_PID")

# every request a new token, as gateway logins are (no two checks can share a fan-out)
cat > "$WORK/unique.lua" <<'LUA'
local counter = 0
request = function()
  counter = counter + 1
  local token = "bench-" .. counter .. "-" .. math.random(1, 1000000000)
  return wrk.format("GET", nil, {["X-Auth-Token"] = token, ["Authorization"] = "Bearer " .. token})
end
LUA

run() { # label url [wrk args]
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "${@:3}" "$2" > "$WORK/$1.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$1.txt")
  p50=$(awk '$1=="50%" {print $2}' "$WORK/$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/$1.txt")
  printf '%-28s %10s req/s   p50 %8s   p99 %8s\n' "$1" "$rps" "$p50" "$p99"
  echo "$rps" > "$WORK/$1.rps"
}

echo "warm-up (${DURATION}s)..."
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$WORK/unique.lua" "http://127.0.0.1:$SYNCER_PORT/v1/synced" >/dev/null
echo "== $(nproc) cores, $CONNECTIONS connections, ${DURATION}s each =="
run "one pod, directly" "http://127.0.0.1:${PODS[0]}/" -s "$WORK/unique.lua"
run "syncer, 3 pods per check" "http://127.0.0.1:$SYNCER_PORT/v1/synced" -s "$WORK/unique.lua"
run "syncer, one token (shared)" "http://127.0.0.1:$SYNCER_PORT/v1/synced" -H "X-Auth-Token: bench-shared"
# the event-bus API: a client member of the cluster, and a plain TCP client through the bridge (a new token each)
[ -d target/test-classes/io/syncer/bench ] || mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
BUS_CP="target/test-classes:target/classes:$(cat "$WORK/cp.txt")"
bus() { # label mode args...
  local line
  line=$(java -Xmx256m -cp "$BUS_CP" -Dlogback.configurationFile=logback.xml io.syncer.bench.BusBench "${@:2}" "$CONNECTIONS" "$DURATION" 2>/dev/null | tail -1)
  printf '%-28s %10s req/s   p50 %8s   p99 %8s   errors %s\n' "$1" $line
}
SYNCER_LOG_LEVEL=WARN bus "syncer.check, cluster member" cluster 15702 127.0.0.1:15701
bus "syncer.check, TCP bridge" bridge 17000
RSS_LOADED=$(ps -o rss= -p "$SYNCER_PID")
curl -s -H "X-Auth-Token: bench-token" "http://127.0.0.1:$SYNCER_PORT/v1/synced"; echo
curl -s "http://127.0.0.1:$SYNCER_PORT/metrics" | grep -E '^syncer_(checks_total|checks_coalesced_total|pod_errors_total)' || true
awk -v a="$(cat "$WORK/syncer, 3 pods per check.rps")" -v b="$(cat "$WORK/one pod, directly.rps")" \
  'BEGIN { printf "ratio: syncer checks/s over direct pod requests/s = %.3f (each check makes 3 pod requests)\n", a/b }'
echo "syncer RSS: idle $((RSS_IDLE / 1024)) MiB, after load $((RSS_LOADED / 1024)) MiB (-Xmx256m)"
