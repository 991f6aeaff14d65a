#!/usr/bin/env bash
# Runs every Deno smoke test through the npm package's deno binary; fails on the first failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
for test in test/deno/*.ts; do
  echo "-- deno: $test"
  npx deno run -A --quiet "$test"
done
