/**
 * Deno smoke test: the same source loads under Deno (through node_modules), and a plan builds,
 * validates, serialises, and goes through blueprint YAML and back. Exits non-zero on any failure.
 */
import { fromBlueprint, toBlueprint } from "../../codegen/mod.ts";
import { formatIssues, input, node, plan, validate } from "../../mod.ts";

const db = node("db_server", { type: "cloudify.nodes.DBMS" })
  .import(input("image_url", { default: "http://127.0.0.1:8000/busybox-rootfs.tar" }))
  .config("/bin/echo hello")
  .start({ port_bindings: { 5432: 15432 } })
  .stop({ timeout: 5 })
  .delete({ remove_image: false });

const checks: [string, boolean][] = [];
const check = (name: string, ok: boolean) => checks.push([name, ok]);

validate(plan("deno-smoke", [db])).match(
  (valid) => {
    check("a valid plan validates", true);
    check("the plan is frozen", Object.isFrozen(valid) && Object.isFrozen(valid.nodes));
    check(
      "the plan round-trips through JSON",
      JSON.stringify(JSON.parse(JSON.stringify(valid))) === JSON.stringify(valid),
    );
    const back = fromBlueprint(toBlueprint(valid));
    check(
      "the plan round-trips through blueprint YAML (yaml writes, js-yaml reads)",
      back.isOk() && JSON.stringify(back.value) === JSON.stringify(valid),
    );
  },
  (issues) => check(`a valid plan validates (${formatIssues(issues)})`, false),
);
validate(
  plan("deno-smoke", [
    node("x")
      .image("i")
      .config({ command: "x", ports: [70000] }),
  ]),
).match(
  () => check("an invalid plan is rejected", false),
  (issues) => check("an invalid plan is rejected", issues[0]?.path === "nodes.x.configure.container_config.ports[0]"),
);

let failed = 0;
for (const [name, ok] of checks) {
  console.log(`${ok ? "ok" : "FAILED"} - ${name}`);
  if (!ok) failed++;
}
console.log(`${checks.length - failed} passed, ${failed} failed`);
if (failed > 0) throw new Error(`${failed} Deno smoke check(s) failed`);
