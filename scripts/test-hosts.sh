#!/usr/bin/env bash
# What the remote-daemon tests need to stand up their own hosts on this machine: an sshd in
# front of the engine (openssh-server; its client brings ssh-agent, ssh-add, ssh-keygen),
# openssl for the TLS certificates, and ip + nsenter for a second engine in its own network
# namespace. Installs whatever is missing, never starts a service: the tests start their own
# sshd and dockerd on free ports and stop them again.
set -euo pipefail

log() { echo "[test-hosts] $*" >&2; }
# shellcheck source=scripts/debian-packages.sh
. "$(dirname "$0")/debian-packages.sh"

need_install=()
[ -x /usr/sbin/sshd ] && command -v ssh-agent >/dev/null 2>&1 || need_install+=(openssh-server)
command -v openssl >/dev/null 2>&1 || need_install+=(openssl)
command -v ip >/dev/null 2>&1 || need_install+=(iproute2)
command -v nsenter >/dev/null 2>&1 || need_install+=(util-linux)

if [ ${#need_install[@]} -gt 0 ]; then
  # Debian's openssh-server starts a system sshd on port 22 when installed; a policy-rc.d that
  # says "no" keeps it from doing so (the one Debian's docker images ship, if present, stays).
  policy=/usr/sbin/policy-rc.d
  made_policy=false
  if [ "$(id -u)" -eq 0 ] && [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && made_policy=true
  fi
  trap 'if [ "$made_policy" = true ]; then rm -f "$policy"; fi' EXIT
  install_debian_packages "the remote-daemon tests need them: install ${need_install[*]} as root." "${need_install[@]}"
fi
# sshd refuses to start without its privilege-separation directory.
if [ "$(id -u)" -eq 0 ]; then mkdir -p /run/sshd; fi
