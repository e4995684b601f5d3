#!/usr/bin/env bash
# The login wait (time to Synced) over 200 tokens on simulated NGINX Plus replicas whose zone_sync lags 1-1200 ms,
# without and with read repair (check.keyval.repair), in one run. The figures go in the README.
# Arguments go to io.syncer.demo.RepairWait: [--pods N] [--tokens T] [--concurrency C] [--max-lag MS] [--after MS]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/syncer.jar ] && [ -d target/test-classes/io/syncer/demo ] || mvn -B -q -DskipTests package
SYNCER_LOG_LEVEL="${SYNCER_LOG_LEVEL:-WARN}" exec java -Dlogback.configurationFile=logback.xml \
  -cp "target/syncer.jar:target/test-classes" io.syncer.demo.RepairWait "$@"
