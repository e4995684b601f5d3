#!/usr/bin/env bash
# JMH microbenchmarks of the check engine's bookkeeping, no network (src/test/java/io/syncer/check/CheckBookkeepingBenchmark):
# time and allocation per check (-prof gc) at 3, 30 and 100 pods, one caller and eight coalesced callers.
# Bounded: about 2 minutes. Extra arguments go to JMH (e.g. -p pods=100).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mvn -B -q -DskipTests test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
java -cp "target/test-classes:target/classes:$(cat "$WORK/cp.txt")" -Dlogback.configurationFile=logback.xml \
  org.openjdk.jmh.Main CheckBookkeepingBenchmark -prof gc -wi 2 -w 2s -i 3 -r 3s "$@" 2>&1 \
  | tee "$WORK/jmh.txt" | grep -E "^Benchmark .*Units|^CheckBookkeepingBenchmark\.[a-zA-Z]+(:gc.alloc.rate.norm)? " || { tail -30 "$WORK/jmh.txt"; exit 1; }
