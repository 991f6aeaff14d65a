# Sourced by the setup scripts (docker-engine.sh, bench-setup.sh): installs the Debian packages
# the caller found missing, quietly, or says what to do by hand and exits where it cannot (not
# root, or no apt-get). Uses the caller's log().
#   install_debian_packages "<what to do by hand>" package...
install_debian_packages() {
  local by_hand=$1
  shift
  [ $# -gt 0 ] || return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "missing $*: $by_hand"
    exit 1
  fi
  log "installing $* from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "$@" >/dev/null
}
