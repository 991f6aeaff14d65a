#!/usr/bin/env bash
# What `npm run bench` needs beyond the test setup: docker-compose 1.29 (Debian's package) to
# compare against, and GNU time (Debian's `time`) for peak RSS and CPU time. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[bench-setup] $*" >&2; }
# shellcheck source=scripts/debian-packages.sh
. scripts/debian-packages.sh

need_install=()
command -v docker-compose >/dev/null 2>&1 || need_install+=(docker-compose)
[ -x /usr/bin/time ] || need_install+=(time)
install_debian_packages "install them (Debian: apt-get install -y ${need_install[*]}) and run again." \
  "${need_install[@]}"

version=$(docker-compose version --short 2>/dev/null || echo unknown)
case "$version" in
  1.29.*) ;;
  *) log "warning: docker-compose $version, the benchmark is calibrated against 1.29" ;;
esac
log "ready: docker-compose $version, $(/usr/bin/time --version 2>&1 | head -n 1)"
