#!/usr/bin/env bash
# Make berth's test images without any registry: a `FROM scratch` image holding the static
# busybox, and a rootfs tarball of the same for image_import tests.
# Outputs: image berth-test/busybox:latest, file test/fixtures/busybox-rootfs.tar
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=berth-test/busybox:latest
TARBALL=test/fixtures/busybox-rootfs.tar
BUSYBOX=/bin/busybox

if [ ! -x "$BUSYBOX" ]; then
  echo "[test-images] $BUSYBOX is missing: run scripts/docker-engine.sh (it installs busybox-static)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# rootfs: /bin/busybox plus one symlink per applet, so /bin/sh, /bin/echo, ... all exist.
mkdir -p "$work/rootfs/bin" "$work/rootfs/tmp" "$work/rootfs/etc"
cp "$BUSYBOX" "$work/rootfs/bin/busybox"
for applet in $("$BUSYBOX" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$work/rootfs/bin/$applet"
done
echo "root:x:0:0:root:/:/bin/sh" > "$work/rootfs/etc/passwd"

if [ ! -f "$TARBALL" ] || [ "$BUSYBOX" -nt "$TARBALL" ]; then
  mkdir -p "$(dirname "$TARBALL")"
  tar -C "$work/rootfs" -cf "$TARBALL.tmp" . && mv "$TARBALL.tmp" "$TARBALL"
fi

if ! docker image inspect "$IMAGE" >/dev/null 2>&1; then
  cat > "$work/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY rootfs/ /
CMD ["/bin/sh"]
DOCKERFILE
  docker build -q -t "$IMAGE" "$work" >/dev/null
fi
echo "[test-images] ready: image $IMAGE, tarball $TARBALL" >&2
