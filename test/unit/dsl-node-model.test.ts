/**
 * The node model (dsl/node-model.ts) and its two conversions: for generated models (readiness
 * probes and healthchecks included), model → plan node → model is the identity; delete keeps
 * its own container_stop through the DSL, YAML and TypeScript; the image-source rule and
 * remove_image on a local image are reported once.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBlueprint, toBlueprint, toTypeScript } from "../../codegen/mod.ts";
import {
  type ContainerNodeModel,
  fromPlanNode,
  type ImageSource,
  type NodeModel,
  toPlanNode,
} from "../../dsl/node-model.ts";
import { deepFreeze, type Value } from "../../dsl/values.ts";
import { input, node, plan, validate } from "../../mod.ts";
import { evaluatePlanSource } from "./codegen/helpers.ts";
import { healthcheckArbitrary, readinessArbitrary } from "./readiness-arbitrary.ts";

const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
const stringOrInput = fc.oneof(
  word,
  word.map((w) => input(w)),
);
const timeout = fc.record({ timeout: fc.nat(60) }, { requiredKeys: [] });

const imageSource: fc.Arbitrary<ImageSource> = fc.oneof(
  stringOrInput.map((src): ImageSource => ({ kind: "import", image_import: { src } })),
  fc
    .record({ path: stringOrInput, rm: fc.boolean() }, { requiredKeys: ["path"] })
    .map((image_build): ImageSource => ({ kind: "build", image_build })),
  stringOrInput.map((image): ImageSource => ({ kind: "local", image })),
);

const containerModel: fc.Arbitrary<ContainerNodeModel> = fc
  .record(
    {
      type: fc.constantFrom("cloudify.nodes.Root", "cloudify.nodes.DBMS"),
      properties: fc.dictionary(word, word as fc.Arbitrary<Value>, { maxKeys: 2 }),
      daemon_client: fc.oneof(fc.constant({}), fc.constant({ base_url: "unix:///var/run/docker.sock" })),
      image: imageSource,
      command: fc.oneof(word, fc.array(word, { maxLength: 3 })),
      env: fc.option(fc.dictionary(word, word, { maxKeys: 2 }), { nil: undefined }),
      healthcheck: fc.option(healthcheckArbitrary(word), { nil: undefined }),
      start: fc.option(
        fc.record(
          {
            container_start: fc.record({ privileged: fc.boolean() }, { requiredKeys: [] }),
            processes_to_wait_for: fc.record({ process_names: fc.array(word, { minLength: 1, maxLength: 2 }) }),
            readiness: readinessArbitrary(word),
          },
          { requiredKeys: ["container_start"] },
        ),
        { nil: undefined },
      ),
      stop: timeout,
      deleteStop: timeout,
      remove: fc.record({ v: fc.boolean(), remove_image: fc.boolean() }, { requiredKeys: [] }),
    },
    {
      requiredKeys: [
        "type",
        "properties",
        "daemon_client",
        "image",
        "command",
        "start",
        "stop",
        "deleteStop",
        "remove",
      ],
    },
  )
  .map(
    (r): ContainerNodeModel => ({
      kind: "container",
      type: r.type,
      properties: r.properties,
      relationships: [],
      daemon_client: r.daemon_client,
      image: r.image,
      config: {
        command: r.command,
        ...(r.env !== undefined && { environment: r.env }),
        ...(r.healthcheck !== undefined && { healthcheck: r.healthcheck }),
      },
      ...(r.start !== undefined && { start: r.start }),
      stop: r.stop,
      delete: { container_stop: r.deleteStop, container_remove: r.remove },
    }),
  );

const plainModel: fc.Arbitrary<NodeModel> = fc.record({
  kind: fc.constant("plain" as const),
  type: fc.constant("cloudify.nodes.Compute"),
  properties: fc.dictionary(word, word as fc.Arbitrary<Value>, { maxKeys: 2 }),
  relationships: fc.constant([]),
});

describe("node model", () => {
  it("model → plan node → model is the identity", () => {
    fc.assert(
      fc.property(fc.oneof(containerModel, plainModel), (model) => {
        expect(fromPlanNode(toPlanNode(model))).toEqual(deepFreeze(model));
      }),
      { numRuns: 300 },
    );
  });

  it("a local image sits in container_config.image and has no create operation", () => {
    const planNode = toPlanNode({
      kind: "container",
      type: "cloudify.nodes.Root",
      properties: {},
      relationships: [],
      daemon_client: {},
      image: { kind: "local", image: "busybox:latest" },
      config: { command: "true" },
      stop: {},
      delete: { container_stop: {}, container_remove: {} },
    });
    expect(planNode.create).toBeUndefined();
    expect(planNode.configure?.container_config).toEqual({ command: "true", image: "busybox:latest" });
  });
});

describe("delete's own container_stop", () => {
  const started = node("db").image("berth-test/busybox:latest").config("sleep 60").start().stop({ timeout: 30 });

  it("defaults to stop's", () => {
    const planNode = started.delete().toPlanNode();
    expect(planNode.delete?.container_stop).toEqual({ timeout: 30 });
  });

  it("can differ from stop's in the DSL, and survives YAML and TypeScript unchanged", () => {
    const p = plan("own-stop", [started.delete({ container_stop: {}, v: true })]);
    const planNode = p.nodes.db;
    expect(planNode?.stop?.container_stop).toEqual({ timeout: 30 });
    expect(planNode?.delete).toEqual({ daemon_client: {}, container_stop: {}, container_remove: { v: true } });
    const yaml = toBlueprint(p);
    const read = fromBlueprint(yaml)._unsafeUnwrap();
    expect(read).toEqual(p);
    const source = toTypeScript(read);
    expect(source).toContain(".delete({ v: true, container_stop: {} })");
    expect(toBlueprint(evaluatePlanSource(source) as typeof p)).toBe(yaml);
  });

  it("a blueprint's delete.container_stop is read as given, and left out means stop's", () => {
    const blueprint = (deleteInputs: string) => `tosca_definitions_version: cloudify_dsl_1_0
imports: [http://www.getcloudify.org/spec/cloudify/3.1/types.yaml]
node_templates:
  db:
    type: cloudify.nodes.DBMS
    interfaces:
      cloudify.interfaces.lifecycle:
        configure:
          implementation: docker.docker_plugin.tasks.configure
          inputs: { container_config: { command: sleep 60, image: busybox } }
        start: docker.docker_plugin.tasks.run
        stop:
          implementation: docker.docker_plugin.tasks.stop
          inputs: { container_stop: { timeout: 30 } }
        delete:
          implementation: docker.docker_plugin.tasks.delete
          inputs: ${deleteInputs}
`;
    const own = fromBlueprint(blueprint("{ container_stop: {}, container_remove: {} }"))._unsafeUnwrap();
    expect(own.nodes.db?.delete?.container_stop).toEqual({});
    const defaulted = fromBlueprint(blueprint("{ container_remove: {} }"))._unsafeUnwrap();
    expect(defaulted.nodes.db?.delete?.container_stop).toEqual({ timeout: 30 });
  });
});

describe("the image-source rule and local images", () => {
  it("remove_image on a node whose image is already on the engine is reported, not ignored", () => {
    const p = plan("local", [node("db").image("busybox").config("true").delete({ remove_image: true })]);
    const issues = validate(p)._unsafeUnwrapErr();
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ["nodes.db.delete.container_remove.remove_image", "invalid_value"],
    ]);
    expect(issues[0]?.message).toMatch(/remove_image has no effect/);
    // remove_image: false says what the plugin does anyway: accepted.
    expect(
      validate(plan("local", [node("db").image("busybox").config("true").delete({ remove_image: false })])).isOk(),
    ).toBe(true);
  });

  it("two sources and none are reported with the plugin's words", () => {
    const twoSources = {
      name: "p",
      inputs: {},
      outputs: {},
      nodes: {
        db: {
          type: "cloudify.nodes.Root",
          properties: {},
          relationships: [],
          create: { daemon_client: {}, image_import: { src: "x.tar" } },
          configure: { daemon_client: {}, container_config: { command: "true", image: "busybox" } },
          stop: { daemon_client: {}, container_stop: {} },
          delete: { daemon_client: {}, container_stop: {}, container_remove: {} },
        },
      },
    };
    expect(
      validate(twoSources)
        ._unsafeUnwrapErr()
        .map((i) => i.message),
    ).toEqual(["There can only be one image source, got create.image_import.src and configure.container_config.image"]);
  });
});
