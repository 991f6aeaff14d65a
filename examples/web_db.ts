/**
 * Two containers: `web` serves a page on 127.0.0.1 and is installed only after `db` is started;
 * it learns db's container id through `attribute(db, "container")`, the plugin's runtime property.
 *
 * Runs itself: `tsx examples/web_db.ts` (up), `tsx examples/web_db.ts down`, `... status`.
 */
import { attribute, input, node, plan, runIfMain } from "../mod.ts";

const image = "berth-test/busybox:latest";

export const db = node("db", { type: "cloudify.nodes.DBMS" })
  .image(image)
  // busybox sh as PID 1 has no default SIGTERM handler: trap it so `stop` is immediate.
  .config(["/bin/sh", "-c", "trap 'exit 0' TERM; echo db ready; while true; do sleep 1; done"])
  .start()
  .stop({ timeout: 5 });

const page = 'mkdir -p /www && echo "web is up; db is container $DB_CONTAINER" > /www/index.html';
export const web = node("web", { type: "cloudify.nodes.WebServer" })
  .image(image)
  .config({
    command: ["/bin/sh", "-c", `${page} && exec httpd -f -p 8080 -h /www`],
    environment: { DB_CONTAINER: attribute(db, "container") },
    ports: [8080],
  })
  .start({
    port_bindings: { 8080: { HostIp: "127.0.0.1", HostPort: input("web_port", { type: "integer", default: 18080 }) } },
  })
  .stop({ timeout: 1 })
  .dependsOn(db);

export default runIfMain(
  import.meta,
  plan("web_db", [db, web], {
    description: "web depends on db and serves a page on 127.0.0.1",
    outputs: { web_ports: { description: "web's published ports", value: attribute(web, "ports") } },
  }),
);
