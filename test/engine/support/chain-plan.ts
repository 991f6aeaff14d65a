/** A plan shared by a test and the child process it kills: three long-running nodes in a chain. */
import { node, plan } from "../../../dsl/mod.ts";
import { BUSYBOX, ROOTFS_TARBALL } from "./constants.ts";

export const chainPlan = (deployment: string) => {
  // The first node imports its image, so a kill can also leave an unrecorded image behind.
  const a = node("a")
    .import(ROOTFS_TARBALL)
    .config("sleep 60")
    .start()
    .stop({ timeout: 0 })
    .delete({ remove_image: true });
  const b = node("b").image(BUSYBOX).config("sleep 60").start().stop({ timeout: 0 }).dependsOn(a);
  const c = node("c").image(BUSYBOX).config("sleep 60").start().stop({ timeout: 0 }).dependsOn(b);
  return plan(deployment, [a, b, c]);
};
