#!/usr/bin/env bash
# Where syncer's tail comes from: one syncer under wrk load (3 pods, a new token per check, 64 connections) with a JFR
# recording, then the GC pauses (count, total, longest), the safepoints, the allocation per check and the top frames.
# Usage: [PODS=3] [LOAD_SECONDS=20] [SYNCER_JAVA_OPTS=...] [TRANSPORT=auto] scripts/profile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PODS="${PODS:-3}"; SECONDS_LOAD="${LOAD_SECONDS:-20}"; TRANSPORT="${TRANSPORT:-auto}"
WORK="$(mktemp -d)"; FIRST_POD=18700; SYNCER_PORT=18190
# shellcheck source=scripts/pods.sh
. scripts/pods.sh
ensure_load_tools
[ -f "${SYNCER_JAR:-target/syncer.jar}" ] || mvn -B -q -DskipTests package
cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  [ -n "${SYNCER_PID:-}" ] && kill "$SYNCER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
start_pods "$FIRST_POD" "$PODS" bench-
pods=""; for i in $(seq 0 $((PODS - 1))); do pods="$pods${pods:+,}{\"name\": \"pod-$i\", \"address\": \"127.0.0.1:$((FIRST_POD + i))\"}"; done
echo "{\"http\": {\"host\": \"127.0.0.1\", \"port\": $SYNCER_PORT}, \"discovery\": {\"mode\": \"static\", \"static\": [$pods]}, \"vertx\": {\"transport\": \"$TRANSPORT\"}}" > "$WORK/syncer.json"
cat > "$WORK/unique.lua" <<'LUA'
function init(args) counter = 0; prefix = tostring(math.random(1, 1000000000)) end
function request()
  counter = counter + 1
  local token = "bench-" .. prefix .. "-" .. counter
  return wrk.format("GET", nil, {["X-Auth-Token"] = token})
end
LUA
FLAGS="${SYNCER_JAVA_OPTS:--Xms32m -Xmx128m -XX:+UseSerialGC -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=48m -Xss512k -XX:MaxDirectMemorySize=64m -XX:+ExitOnOutOfMemoryError}"
SYNCER_JAVA_OPTS="$FLAGS" SYNCER_LOG_LEVEL=WARN scripts/syncer --conf "$WORK/syncer.json" > "$WORK/syncer.log" 2>&1 &
SYNCER_PID=$!
wait_ready "$SYNCER_PORT" || { cat "$WORK/syncer.log"; exit 1; }
wrk -t2 -c64 -d15s -s "$WORK/unique.lua" "http://127.0.0.1:$SYNCER_PORT/v1/synced" >/dev/null   # JIT warm-up
JAVA_PID=$(pgrep -P "$SYNCER_PID" java || echo "$SYNCER_PID")
jcmd "$JAVA_PID" JFR.start name=tail settings=profile filename="$WORK/tail.jfr" >/dev/null
out=$(wrk -t2 -c64 -d"${SECONDS_LOAD}s" --latency -s "$WORK/unique.lua" "http://127.0.0.1:$SYNCER_PORT/v1/synced")
jcmd "$JAVA_PID" JFR.stop name=tail >/dev/null
checks=$(echo "$out" | awk '/^Requests\/sec/ {rps=$2} /requests in/ {n=$1} END {print n}')
echo "== $PODS pods, JVM: $FLAGS, transport $TRANSPORT"
echo "$out" | awk '/Requests\/sec|^ +50%|^ +99%/'
jfr print --events jdk.GarbageCollection "$WORK/tail.jfr" | awk '
  /sumOfPauses/ { v=$3; u=$4; ms = (u ~ /^ms/) ? v : (u ~ /^s/) ? v*1000 : (u ~ /^us/) ? v/1000 : v/1e6;
                  n++; total += ms; if (ms > max) max = ms }
  END { printf "GC: %d pauses, %.0f ms in total, longest %.1f ms\n", n, total, max }'
jfr print --events jdk.SafepointBegin "$WORK/tail.jfr" | grep -c "jdk.SafepointBegin" | awk '{print "safepoints: " $1}'
jfr print --events jdk.ObjectAllocationSample "$WORK/tail.jfr" | awk -v checks="$checks" '
  /weight = / { v=$3; u=$4; b = (u ~ /^kB/) ? v*1024 : (u ~ /^MB/) ? v*1048576 : (u ~ /^GB/) ? v*1073741824 : v; total += b }
  END { if (checks > 0) printf "allocated: %.0f MB, %.0f B per check (%d checks)\n", total/1048576, total/checks, checks }'
echo "top allocation sites (sampled weight, MB):"
jfr print --events jdk.ObjectAllocationSample --stack-depth 3 "$WORK/tail.jfr" | awk '
  /objectClass = / { cls = $3 }
  /weight = / { v=$3; u=$4; w = (u ~ /^kB/) ? v/1024 : (u ~ /^MB/) ? v : (u ~ /^GB/) ? v*1024 : v/1048576 }
  /stackTrace = \[/ { getline; sub(/^ +/, ""); sub(/line:.*/, ""); site[cls " <- " $0] += w }
  END { for (s in site) printf "%8.0f  %s\n", site[s], s }' | sort -rn | head -12
[ -n "${KEEP_JFR:-}" ] && cp "$WORK/tail.jfr" "$KEEP_JFR"
echo "top frames (execution samples):"
jfr print --events jdk.ExecutionSample "$WORK/tail.jfr" | awk '/stackTrace = \[/ {getline; sub(/^ +/, ""); sub(/line:.*/, ""); print}' \
  | sort | uniq -c | sort -rn | head -12
