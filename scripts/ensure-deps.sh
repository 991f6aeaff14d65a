#!/usr/bin/env bash
# Install node packages when node_modules is missing or older than the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[deps] installing node packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
# The berth command runs from dist/ (plain JavaScript) while it is fresh; rebuild it so tests and
# the demo run what users run. Only the JavaScript: the declarations (dist/types/) are for the
# package, and npm pack builds them.
node scripts/build.mjs --if-stale
