#!/usr/bin/env bash
# Throughput, latency and memory of syncer against real nginx "pods" on loopback, next to the one-hop ceiling (one
# pod's probe path asked directly), all in one run: these machines are shared and noisy, so compare ratios.
#   - a new token on every check (as logins are: no two checks can share a fan-out), 3, 10, 30 and 100 pods;
#   - at 3 pods also 1 connection (latency over a direct pod request), 256 connections, one shared token, and the
#     event-bus API (a client member over the cluster, and the TCP bridge);
#   - every answer is checked: any non-200 or a verdict other than Synced fails the run.
# syncer runs with the shipped JVM flags (scripts/syncer). The pods are one nginx master serving one port per pod
# (a `map` accepts every token with the prefix bench-). Needs nginx and wrk (installed from Debian when missing).
# A/B in one run: VARIANTS="label=transport:java-options;..." repeats the syncer lines once per variant (transport:
# auto, io_uring, epoll or nio; java-options empty for the shipped flags), e.g.
#   VARIANTS="nio=nio:;epoll=epoll:;io_uring=io_uring:" scripts/bench.sh
#   VARIANTS="serial=auto:;g1=auto:-Xmx128m -XX:+UseG1GC" scripts/bench.sh
# SYNCER_*=value words among the java-options are syncer settings (config keys' environment overrides), e.g.
#   VARIANTS="shipped=auto:;one-loop=auto:SYNCER_HTTP_INSTANCES=1" scripts/bench.sh
# Every line prints p99/p50. Bounded: about 3.5 minutes per variant.
# Usage: [WARMUP=seconds] [VARIANTS=...] scripts/bench.sh [seconds-per-line] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-8}"
CONNECTIONS="${2:-64}"
WARMUP="${WARMUP:-15}"   # seconds of load on each freshly started syncer before its first line
WORK="$(mktemp -d)"
FIRST_POD=18500
SYNCER_PORT=18090
FAILED=0

# shellcheck source=scripts/pods.sh
. scripts/pods.sh
ensure_load_tools
[ -f target/syncer.jar ] || mvn -B -q -DskipTests package

cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  [ -n "${SYNCER_PID:-}" ] && kill "$SYNCER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

start_pods "$FIRST_POD" 100 bench-

# every request a new token; every answer checked (status 200 and verdict Synced), counted per thread
cat > "$WORK/unique.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counter = 0; errors = 0; prefix = tostring(math.random(1, 1000000000)) end
function request()
  counter = counter + 1
  local token = "bench-" .. prefix .. "-" .. counter
  return wrk.format("GET", nil, {["X-Auth-Token"] = token, ["Authorization"] = "Bearer " .. token})
end
function response(status, headers, body)
  if status ~= 200 or (body:find('"status"') and not body:find('"Synced"')) then errors = errors + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("errors") end
  io.write("ERRORS " .. total .. "\n")
end
LUA
sed 's/local token = "bench-" .. prefix .. "-" .. counter/local token = "bench-shared"/' "$WORK/unique.lua" > "$WORK/shared.lua"

start_syncer() { # pods [extra json]
  local pods="" i
  for i in $(seq 0 $(($1 - 1))); do
    pods="$pods${pods:+,}{\"name\": \"pod-$i\", \"address\": \"127.0.0.1:$((FIRST_POD + i))\"}"
  done
  echo "{\"http\": {\"host\": \"127.0.0.1\", \"port\": $SYNCER_PORT}, \"discovery\": {\"mode\": \"static\", \"static\": [$pods]}, \"vertx\": {\"transport\": \"$TRANSPORT\"}${2:-}}" > "$WORK/syncer.json"
  # shellcheck disable=SC2086
  if [ -n "$JAVA_OPTIONS" ]; then
    env $SYNCER_SETTINGS SYNCER_JAVA_OPTS="$JAVA_OPTIONS" SYNCER_LOG_LEVEL=${LOG_LEVEL:-INFO} scripts/syncer --conf "$WORK/syncer.json" > "$WORK/syncer.log" 2>&1 &
  else
    env $SYNCER_SETTINGS SYNCER_LOG_LEVEL=${LOG_LEVEL:-INFO} scripts/syncer --conf "$WORK/syncer.json" > "$WORK/syncer.log" 2>&1 &
  fi
  SYNCER_PID=$!
  for _ in $(seq 1 150); do
    if curl -sf "http://127.0.0.1:$SYNCER_PORT/health/ready" >/dev/null; then
      # a fresh JVM: its JIT needs seconds of this load (at 100 pods, 2 s of warm-up measured 281 checks/s, 15 s 511)
      wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$WORK/unique.lua" "http://127.0.0.1:$SYNCER_PORT/v1/synced" >/dev/null 2>&1 || true
      return 0
    fi
    sleep 0.2
  done
  echo "syncer did not start"; cat "$WORK/syncer.log"; exit 1
}
stop_syncer() { kill "$SYNCER_PID"; wait "$SYNCER_PID" 2>/dev/null || true; SYNCER_PID=; }

# the Java helpers (test classes): the event-bus load and the 1-connection latency client
[ -f target/test-classes/io/syncer/bench/SerialLatency.class ] || mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
BUS_CP="target/test-classes:target/classes:$(cat "$WORK/cp.txt")"

ONE_HOP=0
to_ms() { # wrk's 512.00us / 1.20ms / 1.02s -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; print n }'
}
tail_ratio() { awk -v a="$(to_ms "$1")" -v b="$(to_ms "$2")" 'BEGIN { if (a > 0) printf "%.1f", b / a; else print "-" }'; }
line() { # label pods connections url script
  local threads=$(( $3 < 2 ? 1 : 2 ))
  wrk -t"$threads" -c"$3" -d2s -s "$5" "$4" >/dev/null 2>&1 || true   # warm-up
  local out rps p50 p99 errors rss ratio podrps
  out=$(wrk -t"$threads" -c"$3" -d"${DURATION}s" --latency -s "$5" "$4")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errors=$(echo "$out" | awk '/^ERRORS/ {print $2}')
  errors=$((errors + $(echo "$out" | awk '/Non-2xx/ {print $NF}' | tail -1 | grep -o '[0-9]*' || echo 0)))
  rss=$([ -n "${SYNCER_PID:-}" ] && echo "$(( $(ps -o rss= -p "$SYNCER_PID") / 1024 ))" || echo "-")
  podrps=$(awk -v r="$rps" -v n="$2" 'BEGIN { printf "%.0f", r * n }')
  ratio=$(awk -v p="$podrps" -v o="$ONE_HOP" 'BEGIN { if (o > 0) printf "%.2f", p / o; else print "-" }')
  printf '%-34s %10s %9s %9s %7s %12s %6s %8s %7s\n' "$1" "$rps" "$p50" "$p99" "$(tail_ratio "$p50" "$p99")" "$podrps" "$ratio" "$rss" "$errors"
  [ "$errors" = "0" ] || FAILED=1
  echo "$rps" > "$WORK/last.rps"
  echo "$1|$rps|$(to_ms "$p50")|$(to_ms "$p99")|$ratio" >> "$WORK/lines.txt"
}

# One connection, one request at a time, measured by a plain blocking client (io.syncer.bench.SerialLatency): wrk at
# one connection adds a tail of its own (a plain Vert.x "ok" server: wrk p99/p50 5.5, this client 1.9, one run), so
# the 1-connection targets read these lines; the wrk lines stay beside them.
serial_line() { # label pods url-path port
  local rps p50 p99 errors rss
  # shellcheck disable=SC2046
  set -- "$1" "$2" $(java -Xmx64m -cp "$BUS_CP" io.syncer.bench.SerialLatency "$4" "$3" "$DURATION" 3 | tail -1)
  rps=$3; p50=$4; p99=$5; errors=$6
  rss=$([ -n "${SYNCER_PID:-}" ] && echo "$(( $(ps -o rss= -p "$SYNCER_PID") / 1024 ))" || echo "-")
  printf '%-34s %10s %9s %9s %7s %12s %6s %8s %7s\n' "$1" "$rps" "$p50" "$p99" "$(tail_ratio "$p50" "$p99")" "$(awk -v r="$rps" -v n="$2" 'BEGIN { printf "%.0f", r * n }')" "-" "$rss" "$errors"
  [ "$errors" = "0" ] || FAILED=1
  echo "$1|$rps|$(to_ms "$p50")|$(to_ms "$p99")|-" >> "$WORK/lines.txt"
}

# The targets (issue 20), from this variant's lines and this run's one-hop lines; said, never failing the run.
# BASELINE_RATIOS: pod req/s / one hop at 10, 30, 100 pods before; BASELINE_SHARED: the shared-token line's checks/s before.
targets() {
  awk -F'|' -v base="${BASELINE_RATIOS:-0.41 0.34 0.27}" -v shared="${BASELINE_SHARED:-46050}" '
    function say(what, ok, value) { printf "  target %-62s %-8s %s\n", what, ok ? "met" : "NOT met", value }
    { rps[$1] = $2; p50[$1] = $3; p99[$1] = $4; ratio[$1] = $5 }
    END {
      split(base, b, " "); split("10 30 100", n, " ")
      tail = ""; ok = 1
      for (i = 0; i < 4; i++) { pods = (i == 0) ? 3 : n[i]; l = "syncer, " pods " pods, new token"
        r = p99[l] / p50[l]; tail = tail sprintf("%s%d pods %.1f", tail == "" ? "" : ", ", pods, r); if (r > 2.5) ok = 0 }
      say("p99 <= 2.5 x p50, 64 connections, 3-100 pods", ok, tail)
      l = "syncer, 3 pods, 1 connection, serial"; d = "one hop, 1 connection, serial"; w = "syncer, 3 pods, 1 connection"
      say("1 connection: p99 <= 3 x p50", p99[l] <= 3 * p50[l], sprintf("%.1f (wrk: %.1f, one hop under wrk %.1f, serial %.1f)",
          p99[l] / p50[l], p99[w] / p50[w], p99["one hop, 1 connection"] / p50["one hop, 1 connection"], p99[d] / p50[d]))
      say("1 connection: p50 <= direct p50 + 0.15 ms", p50[l] <= p50[d] + 0.15, sprintf("%.3f vs %.3f + 0.15 ms", p50[l], p50[d]))
      say("pod req/s >= 0.6 x one hop at 3 pods", ratio["syncer, 3 pods, new token"] >= 0.6, ratio["syncer, 3 pods, new token"])
      ok = 1; v = ""
      for (i = 1; i <= 3; i++) { l = "syncer, " n[i] " pods, new token"; if (ratio[l] < b[i]) ok = 0
        v = v sprintf("%s%s (before %s)", v == "" ? "" : ", ", ratio[l], b[i]) }
      say("pod req/s / one hop not lower than before at 10-100 pods", ok, v)
      l = "syncer, 3 pods, one shared token"
      say("shared token at least as fast as before", rps[l] >= shared, sprintf("%.0f (before %d)", rps[l], shared))
    }' "$WORK/lines.txt"
}

echo "== $(nproc) cores, ${DURATION}s per line, $CONNECTIONS connections unless said; syncer: scripts/syncer (shipped JVM flags) =="
printf '%-34s %10s %9s %9s %7s %12s %6s %8s %7s\n' "line" "checks/s" "p50" "p99" "p99/p50" "pod req/s" "ratio" "RSS MiB" "errors"
line "one hop: one pod directly" 1 "$CONNECTIONS" "http://127.0.0.1:$FIRST_POD/" "$WORK/unique.lua"
ONE_HOP=$(cat "$WORK/last.rps")
line "one hop, 1 connection" 1 1 "http://127.0.0.1:$FIRST_POD/" "$WORK/unique.lua"
serial_line "one hop, 1 connection, serial" 1 / "$FIRST_POD"
IFS=';' read -r -a VARIANT_LIST <<< "${VARIANTS:-shipped=auto:}"
for variant in "${VARIANT_LIST[@]}"; do
VARIANT_LABEL="${variant%%=*}"; spec="${variant#*=}"; TRANSPORT="${spec%%:*}"; JAVA_OPTIONS="${spec#*:}"
# SYNCER_*=value words are syncer settings (the environment overrides of its config keys), the rest JVM options
SYNCER_SETTINGS=""; jvm=""
for word in $JAVA_OPTIONS; do
  case "$word" in SYNCER_*=*) SYNCER_SETTINGS="$SYNCER_SETTINGS $word" ;; *) jvm="$jvm${jvm:+ }$word" ;; esac
done
JAVA_OPTIONS="$jvm"
echo "-- variant $VARIANT_LABEL: transport $TRANSPORT, JVM ${JAVA_OPTIONS:-as shipped}${SYNCER_SETTINGS:+, settings$SYNCER_SETTINGS} --"
grep '^one hop' "$WORK/lines.txt" > "$WORK/hop.txt"; cp "$WORK/hop.txt" "$WORK/lines.txt"
for pods in 3 10 30 100; do
  if [ "$pods" = 3 ]; then
    start_syncer 3 ', "cluster": {"enabled": true, "name": "bench", "port": 15701, "eventBusPort": 15711, "members": ["127.0.0.1:15701"]}, "bridge": {"enabled": true, "port": 17000}'
  else
    start_syncer "$pods"
  fi
  line "syncer, $pods pods, new token" "$pods" "$CONNECTIONS" "http://127.0.0.1:$SYNCER_PORT/v1/synced" "$WORK/unique.lua"
  if [ "$pods" = 3 ]; then
    line "syncer, 3 pods, 1 connection" 3 1 "http://127.0.0.1:$SYNCER_PORT/v1/synced" "$WORK/unique.lua"
    serial_line "syncer, 3 pods, 1 connection, serial" 3 /v1/synced "$SYNCER_PORT"
    line "syncer, 3 pods, 256 connections" 3 256 "http://127.0.0.1:$SYNCER_PORT/v1/synced" "$WORK/unique.lua"
    line "syncer, 3 pods, one shared token" 3 "$CONNECTIONS" "http://127.0.0.1:$SYNCER_PORT/v1/synced" "$WORK/shared.lua"
    # the event-bus API: a client member of the cluster, and a plain TCP client through the bridge (a new token each)
    for mode in cluster bridge; do
      args=$([ "$mode" = cluster ] && echo "cluster 15702 127.0.0.1:15701" || echo "bridge 17000")
      # shellcheck disable=SC2086
      set -- $(java -Xmx256m -cp "$BUS_CP" -Dlogback.configurationFile=logback.xml io.syncer.bench.BusBench $args "$CONNECTIONS" "$DURATION" 2>/dev/null | tail -1)
      printf '%-34s %10s %9s %9s %7s %12s %6s %8s %7s\n' "syncer.check, $mode" "$1" "$2" "$3" "$(tail_ratio "$2" "$3")" "-" "-" "$(( $(ps -o rss= -p "$SYNCER_PID") / 1024 ))" "$4"
      [ "$4" = "0" ] || FAILED=1
    done
  fi
  stop_syncer
done
targets
done
[ "$FAILED" = 0 ] || { echo "FAILED: some answers were not 200 Synced"; exit 1; }
