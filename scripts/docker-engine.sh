#!/usr/bin/env bash
# Make sure a Docker engine answers on this machine, installing and starting one if needed.
# Idempotent: when `docker info` already works, it only checks for PyYAML (installing it as root);
# it never starts a second dockerd.
set -euo pipefail

log() { echo "[docker-engine] $*" >&2; }
# shellcheck source=scripts/debian-packages.sh
. "$(dirname "$0")/debian-packages.sh"

# The YAML tests compare berth's reading and writing with PyYAML's, Cloudify's own parser.
need_install=()
/usr/bin/python3 -c 'import yaml' >/dev/null 2>&1 || need_install+=(python3-yaml)

if docker info >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    install_debian_packages "install them by hand (Debian: apt-get install -y ${need_install[*]})." "${need_install[@]}"
  elif [ "${#need_install[@]}" -gt 0 ]; then
    log "missing ${need_install[*]}: the YAML tests need it (Debian: apt-get install -y ${need_install[*]})"
  fi
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  log "no Docker engine answers and this script is not root: install docker.io and start dockerd as root, or set DOCKER_HOST to an engine you can reach."
  exit 1
fi

command -v dockerd >/dev/null 2>&1 || need_install+=(docker.io)
[ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx sh || need_install+=(busybox-static)
install_debian_packages "no Docker engine answers and there is no apt-get to install one: install Docker by hand." \
  "${need_install[@]}"

# A dockerd may already be starting (another script, or the package's own unit); wait for it
# rather than start a second one that would fight over /var/run/docker.pid.
if ! pgrep -x dockerd >/dev/null 2>&1; then
  log "starting dockerd in the background (log: /var/log/berth-dockerd.log)"
  nohup dockerd >/var/log/berth-dockerd.log 2>&1 &
fi

for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    log "engine answers: $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"
    exit 0
  fi
  sleep 0.5
done
log "dockerd did not answer within 30 s; last lines of its log:"
tail -n 20 /var/log/berth-dockerd.log >&2 || true
exit 1
