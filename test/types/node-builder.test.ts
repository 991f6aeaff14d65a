/**
 * Type tests: the lifecycle order lives in the types. tsc (run by `npm test`) fails when an
 * illegal transition compiles (an unused @ts-expect-error) or an inferred type drifts.
 * The illegal calls sit in functions that are never called: only the compiler judges them.
 */
import { describe, expectTypeOf, it } from "vitest";
import {
  type ContainerStart,
  type GetInput,
  healthy,
  host,
  http,
  input,
  logLine,
  type NodeConfigured,
  type NodeCreated,
  type NodeDeclared,
  type NodeDeleted,
  type NodeStarted,
  type NodeStopped,
  node,
  type Plan,
  plan,
  type Readiness,
  tcp,
} from "../../mod.ts";

const declared = node("db");
const created = declared.image("berth-test/busybox:latest");
const configured = created.config("sleep 60");
const started = configured.start();
const stopped = started.stop({ timeout: 5 });
const deleted = stopped.delete({ remove_image: false });

describe("type-state builders", () => {
  it("infers the state of each step", () => {
    expectTypeOf(declared).toEqualTypeOf<NodeDeclared>();
    expectTypeOf(created).toEqualTypeOf<NodeCreated>();
    expectTypeOf(declared.import("http://h/x.tar")).toEqualTypeOf<NodeCreated>();
    expectTypeOf(declared.build("./dir")).toEqualTypeOf<NodeCreated>();
    expectTypeOf(configured).toEqualTypeOf<NodeConfigured>();
    expectTypeOf(started).toEqualTypeOf<NodeStarted>();
    expectTypeOf(stopped).toEqualTypeOf<NodeStopped>();
    expectTypeOf(deleted).toEqualTypeOf<NodeDeleted>();
    expectTypeOf(started.dependsOn("x")).toEqualTypeOf<NodeStarted>();
    expectTypeOf(declared.state).toEqualTypeOf<"declared">();
    expectTypeOf(started.state).toEqualTypeOf<"started">();
    expectTypeOf(plan("p", [started, host("vm")])).toEqualTypeOf<Plan>();
    expectTypeOf(input("x")).toEqualTypeOf<GetInput>();
    expectTypeOf<"host">().toExtend<NonNullable<ContainerStart["network_mode"]>>();
  });

  it("rejects illegal transitions at compile time", () => {
    const illegal = () => {
      // @ts-expect-error start before create
      declared.start();
      // @ts-expect-error configure before create
      declared.config("sleep 1");
      // @ts-expect-error import after build
      declared.build("./dir").import("http://h/x.tar");
      // @ts-expect-error build after import
      declared.import("http://h/x.tar").build("./dir");
      // @ts-expect-error a second image source
      created.image("other");
      // @ts-expect-error config twice
      configured.config("sleep 2");
      // @ts-expect-error start twice
      started.start();
      // @ts-expect-error stop before start
      configured.stop();
      // @ts-expect-error stop twice
      stopped.stop();
      // @ts-expect-error delete twice
      deleted.delete();
      // @ts-expect-error config with image: the image comes from create
      created.config({ command: "x", image: "busybox" });
      // @ts-expect-error missing command
      created.config({ environment: { A: "1" } });
      // @ts-expect-error an unknown option key
      created.config({ command: "x", enviroment: {} });
      // @ts-expect-error a wrong value type
      configured.start({ port_bindings: { 80: true } });
      // @ts-expect-error a node without an image source cannot join a plan
      plan("p", [declared]);
      // @ts-expect-error a node that is not configured cannot join a plan
      plan("p", [created]);
      // @ts-expect-error host nodes have no lifecycle operations
      host("vm").start();
    };
    expectTypeOf(illegal).toBeFunction();
  });

  it("takes readiness probes next to processes_to_wait_for, typed", () => {
    expectTypeOf(tcp(5432)).toEqualTypeOf<Readiness>();
    expectTypeOf(
      configured.start({}, { readiness: http(8080, { path: "/health", status: 204 }) }),
    ).toEqualTypeOf<NodeStarted>();
    expectTypeOf(
      configured.start({}, { readiness: logLine(/ready/, { timeout: input("t") }) }),
    ).toEqualTypeOf<NodeStarted>();
    expectTypeOf(
      created.config({ command: "x", healthcheck: { test: "true", interval: "1s" } }),
    ).toEqualTypeOf<NodeConfigured>();
    const illegal = () => {
      // @ts-expect-error a probe is data from tcp(), http(), ..., not a string
      configured.start({}, { readiness: "tcp 5432" });
      // @ts-expect-error an unknown probe option
      http(8080, { paht: "/" });
      // @ts-expect-error healthy() takes timing only
      healthy("db");
      // @ts-expect-error a healthcheck needs a test
      created.config({ command: "x", healthcheck: { interval: "1s" } });
    };
    expectTypeOf(illegal).toBeFunction();
  });
});
