#!/usr/bin/env bash
# Builds syncer and runs it in front of simulated gateway replicas on loopback (no cluster needed).
# Arguments are passed to the demo: [--pods N] [--port P] [--rounds R]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -DskipTests package
export SYNCER_LOG_LEVEL="${SYNCER_LOG_LEVEL:-WARN}"
exec java -Dlogback.configurationFile=logback.xml -cp "target/syncer.jar:target/test-classes" io.syncer.demo.Demo "$@"
