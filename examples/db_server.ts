/**
 * The seed's db_server node (shared/seed/docker-plugin.md), as a berth plan: import an image
 * from a URL, run `/bin/echo hello` in it, and stop and delete it on uninstall.
 *
 * `npm run demo` serves the image and drives this plan through the berth command. It also runs
 * itself: `tsx examples/db_server.ts up -i image_url=http://127.0.0.1:8000/busybox-rootfs.tar`.
 */
import { input, node, plan, runIfMain } from "../mod.ts";

const imageUrl = input("image_url", {
  description: "URL of a rootfs tarball to import as the db_server image",
  default: "http://127.0.0.1:8000/busybox-rootfs.tar",
});

export const dbServer = node("db_server", { type: "cloudify.nodes.DBMS" })
  .import(imageUrl)
  .config("/bin/echo hello")
  .start()
  .stop({ timeout: 5 })
  .delete({ remove_image: true });

export default runIfMain(import.meta, plan("db_server", [dbServer]));
