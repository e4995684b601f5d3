#!/usr/bin/env bash
# redocly, the judge of syncer's OpenAPI contract: installs @redocly/cli from the npm registry (into $REDOCLY_DIR,
# default /opt/redocly) and lints src/main/resources/openapi.yaml with its recommended rules; exits non-zero on any
# error or warning. (schemathesis, the other judge the contract was tried with, comes from PyPI, which these machines
# do not reach; OpenApiContractTest validates real responses of every operation in every status against the document.)
#   scripts/openapi-lint.sh [FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${REDOCLY_DIR:-/opt/redocly}
if ! [ -x "$DIR/node_modules/.bin/redocly" ]; then
  mkdir -p "$DIR"
  (cd "$DIR" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund @redocly/cli@2 >/dev/null)
fi
"$DIR/node_modules/.bin/redocly" --version
"$DIR/node_modules/.bin/redocly" lint --max-problems 50 "${1:-src/main/resources/openapi.yaml}" 2>&1 | tee /tmp/redocly-lint.out
! grep -qE "You have [0-9]+ warning" /tmp/redocly-lint.out || { echo "redocly: warnings above" >&2; exit 1; }
