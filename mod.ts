/**
 * berth: typed plans for Docker container lifecycles.
 *
 * ```ts
 * import { node, plan } from "berth";
 * const db = node("db_server").import("http://127.0.0.1:8000/rootfs.tar").config("/bin/echo hello").start();
 * export default plan("demo", [db]);
 * ```
 */

export { runIfMain } from "./cli/self-run.ts";
export * from "./dsl/mod.ts";
