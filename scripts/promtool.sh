#!/usr/bin/env bash
# promtool, the judge of syncer's Prometheus contract: installs it from Debian's prometheus package (unpacked only, the
# service never starts), then checks the alerting rules and runs their unit tests.
#   scripts/promtool.sh                 install (if needed), check the rules, run the rule unit tests
#   scripts/promtool.sh --install-only  install (if needed) and print promtool's path
#   scripts/promtool.sh URL             also lint a live scrape: promtool check metrics < URL (e.g. http://127.0.0.1:8080/metrics)
# The live scrape of a running syncer is also linted by PromtoolTest in `mvn -B verify` once promtool is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${PROMTOOL_DIR:-/opt/promtool}
PROMTOOL="$DIR/usr/bin/promtool"
if ! [ -x "$PROMTOOL" ]; then
  export DEBIAN_FRONTEND=noninteractive
  work=$(mktemp -d)
  (cd "$work" && { apt-get download prometheus >/dev/null 2>&1 || { apt-get update -qq && apt-get download prometheus >/dev/null; }; })
  mkdir -p "$DIR"
  dpkg -x "$work"/prometheus_*.deb "$DIR"
  rm -rf "$work"
fi
if [ "${1:-}" = "--install-only" ]; then
  echo "$PROMTOOL"
  exit 0
fi
"$PROMTOOL" --version 2>&1 | head -1

# the PrometheusRule's spec is a plain Prometheus rules file; its unit tests live beside it
rules=$(mktemp -d)
trap 'rm -rf "$rules"' EXIT
python3 - k8s/monitoring/prometheusrule.yaml "$rules/syncer-rules.yaml" <<'PY'
import json, sys, re
text = open(sys.argv[1]).read()
spec = text[text.index("\nspec:\n") + len("\nspec:\n"):]
# de-indent the spec block by two spaces: it is then a rules file (groups: ...)
out = "\n".join(line[2:] if line.startswith("  ") else line for line in spec.splitlines()) + "\n"
open(sys.argv[2], "w").write(out)
PY
cp k8s/monitoring/tests/*.yaml "$rules/"
"$PROMTOOL" check rules --lint=all "$rules/syncer-rules.yaml"
(cd "$rules" && "$PROMTOOL" test rules syncer-alerts-test.yaml)
if [ -n "${1:-}" ]; then
  curl -fsS "$1" | "$PROMTOOL" check metrics
  echo "scrape of $1: promtool check metrics passed"
fi
