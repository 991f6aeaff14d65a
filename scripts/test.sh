#!/usr/bin/env bash
# Everything `npm test` runs, in order: setup on a fresh machine, then format and lint,
# typecheck (which also runs the type tests), unit and engine tests, Deno smoke tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/docker-engine.sh
bash scripts/test-images.sh
echo "== format and lint (biome)"
npx biome ci --error-on-warnings .
echo "== typecheck and type tests (tsc)"
npx tsc -p .
echo "== unit and engine tests (vitest)"
npx vitest run
echo "== Deno smoke tests"
bash test/deno/run.sh
