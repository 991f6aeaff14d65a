import { resolve } from "node:path";

export const BUSYBOX = "berth-test/busybox:latest";
export const ROOTFS_TARBALL = resolve("test/fixtures/busybox-rootfs.tar");
