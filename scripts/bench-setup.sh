#!/usr/bin/env bash
# What `npm run bench` needs beyond the test setup: docker-compose 1.29 (Debian's package) to
# compare against, and GNU time (Debian's `time`) for peak RSS and CPU time. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[bench-setup] $*" >&2; }

need_install=()
command -v docker-compose >/dev/null 2>&1 || need_install+=(docker-compose)
[ -x /usr/bin/time ] || need_install+=(time)
if [ ${#need_install[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "missing ${need_install[*]}: install them (Debian: apt-get install -y ${need_install[*]}) and run again."
    exit 1
  fi
  log "installing ${need_install[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${need_install[@]}" >/dev/null
fi

version=$(docker-compose version --short 2>/dev/null || echo unknown)
case "$version" in
  1.29.*) ;;
  *) log "warning: docker-compose $version, the benchmark is calibrated against 1.29" ;;
esac
log "ready: docker-compose $version, $(/usr/bin/time --version 2>&1 | head -n 1)"
