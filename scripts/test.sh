#!/usr/bin/env bash
# Everything `npm test` runs, in order: setup on a fresh machine, then format and lint,
# typecheck (which also runs the type tests), unit and engine tests, Deno smoke tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/docker-engine.sh
bash scripts/test-images.sh
bash scripts/test-hosts.sh
echo "== format and lint (biome)"
npx biome ci --error-on-warnings .
echo "== typecheck and type tests (tsc)"
npx tsc -p .
echo "== unit and engine tests (vitest)"
results=$(mktemp)
deno_log=$(mktemp)
trap 'rm -f "$results" "$deno_log"' EXIT
npx vitest run --reporter=default --reporter=json --outputFile="$results"
vitest_counts=$(node -e 'const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")); console.log(r.numPassedTests, r.numFailedTests)' "$results")
echo "== Deno smoke tests"
# Not `tee /dev/stderr`: when the output goes to a file, that reopens it at offset 0 and
# writes over the log.
bash test/deno/run.sh | tee "$deno_log"
deno_line=$(tail -n 1 "$deno_log")
read -r passed failed <<<"$vitest_counts"
read -r deno_passed _ deno_failed _ <<<"$deno_line"
printf "\n"
echo "total: $((passed + deno_passed)) passed, $((failed + deno_failed)) failed"
