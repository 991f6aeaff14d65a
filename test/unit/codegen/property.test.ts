/**
 * Property-based round trips over generated valid plans (fast-check): plan → YAML → plan is the
 * identity, and plan → TS → plan is too, with the same YAML; and PyYAML, Cloudify's parser, reads
 * every blueprint berth writes to the plan's values. Strings are drawn with hostile ones mixed in
 * (YAML 1.1 look-alikes, characters PyYAML refuses or reads as line breaks), so escaping in both
 * emitters is exercised.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { plainData, readYamlTree } from "../../../codegen/blueprint/yaml-tree.ts";
import { nodeTypeNames } from "../../../codegen/cloudify/cloudify-types.ts";
import { checkBlueprint, fromBlueprint, toBlueprint, toTypeScript } from "../../../codegen/mod.ts";
import { fromPlanNode, toPlanNode } from "../../../dsl/node-model.ts";
import {
  attribute,
  type Healthcheck,
  host,
  input,
  node,
  type Plan,
  type PlannableNode,
  plan,
  property,
  type Readiness,
  type Value,
  validate,
} from "../../../mod.ts";
import { healthcheckArbitrary, readinessArbitrary } from "../readiness-arbitrary.ts";
import { evaluatePlanSource, spec } from "./helpers.ts";
import { asPlanData, bigintsAsPlanData, startPyYAML } from "./pyyaml.ts";

const hostile = [
  '"',
  "'",
  "\\",
  "`",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template marker is one of the hostile strings
  "${x}",
  "*/",
  "/*",
  "</script>",
  "\n",
  "\r\n",
  "\t",
  "# c",
  ": ",
  "- ",
  "yes",
  "null",
  "~",
  "1:20",
  ":-/",
  "?y",
  "0x1F",
  "2001-12-14",
  "&a",
  "*a",
  "!!str",
  "\u{1F433}",
  "é",
  "\u2028",
  "",
  " ",
  // PyYAML (YAML 1.1) reads these plain texts as something else, or fails on them
  "<<",
  "=",
  "y",
  "N",
  "2001-12-14 21:59:43",
  "2001-13-45",
  "-0",
  "._5",
  "0b_",
  "+.inf",
  ".nan",
];

/** Characters PyYAML refuses, reads as line breaks, or stops a plain scalar at; and their neighbours. */
const pyyamlChars = [
  ..."\u2028\u2029\u0085\x7f\x80\x9b\x1b\t\r\n\0\x07\ufeff\ufffe\uffff\ud800\udfff\u00a0 :#'\"-?",
  "\u{1F433}",
];
const pyyamlText = fc.string({
  maxLength: 8,
  unit: fc.oneof(
    fc.constantFrom(...pyyamlChars),
    fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 1 }),
    fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
  ),
});

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  pyyamlText,
  fc.constantFrom(...hostile),
  fc.array(fc.constantFrom(...hostile), { maxLength: 4 }).map((parts) => parts.join("x")),
  // long enough for the writer's multi-line styles (block scalars, folded double quotes)
  fc.array(fc.oneof(pyyamlText, fc.constantFrom(...hostile)), { maxLength: 10 }).map((parts) => parts.join(" ")),
);
const nodeName = fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/);
const scalar: fc.Arbitrary<Value> = fc.oneof(
  text,
  fc.integer({ min: -1000, max: 100_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }), // PyYAML reads 1e+21 as a string, 1.0e+21 as a number
  fc.boolean(),
  fc.constant(null),
);
const json: fc.Arbitrary<Value> = fc.letrec<{ v: Value }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("v"), { maxLength: 3 }),
    fc.dictionary(text, tie("v"), { maxKeys: 3 }),
  ),
})).v;

interface Spec {
  name: string;
  kind: "host" | "import" | "build" | "image";
  type: string;
  properties: Record<string, Value>;
  command: Value;
  env: Record<string, string>;
  start?: { port?: number; privileged?: boolean };
  processes?: string[];
  readiness?: Readiness;
  healthcheck?: Healthcheck;
  timeout?: number;
  deleteTimeout?: number;
  remove?: boolean;
  useInput: boolean;
  relations: { kind: 0 | 1 | 2; to: number }[];
}

const nodeSpec: fc.Arbitrary<Spec> = fc.record(
  {
    name: nodeName,
    kind: fc.constantFrom("host", "import", "build", "image"),
    type: fc.constantFrom(...nodeTypeNames),
    properties: fc.dictionary(text, json, { maxKeys: 3 }),
    command: fc.oneof(text, fc.array(text, { maxLength: 3 })),
    env: fc.dictionary(text, text, { maxKeys: 2 }),
    start: fc.option(
      fc.record({ port: fc.integer({ min: 1, max: 65535 }), privileged: fc.boolean() }, { requiredKeys: [] }),
      { nil: undefined },
    ),
    processes: fc.option(
      fc.array(
        text.filter((t) => t.length > 0),
        { minLength: 1, maxLength: 2 },
      ),
      { nil: undefined },
    ),
    readiness: fc.option(readinessArbitrary(text), { nil: undefined }),
    healthcheck: fc.option(healthcheckArbitrary(text), { nil: undefined }),
    timeout: fc.option(fc.nat(60), { nil: undefined }),
    deleteTimeout: fc.option(fc.nat(60), { nil: undefined }),
    remove: fc.option(fc.boolean(), { nil: undefined }),
    useInput: fc.boolean(),
    relations: fc.array(fc.record({ kind: fc.constantFrom(0 as const, 1 as const, 2 as const), to: fc.nat() }), {
      maxLength: 2,
    }),
  },
  { requiredKeys: ["name", "kind", "type", "properties", "command", "env", "useInput", "relations"] },
);

const planArbitrary: fc.Arbitrary<Plan> = fc
  .record({
    name: nodeName,
    description: fc.option(text, { nil: undefined }),
    nodes: fc.uniqueArray(nodeSpec, { selector: (s) => s.name, minLength: 1, maxLength: 5 }),
    inputDefault: fc.option(json, { nil: undefined }),
  })
  .map(({ name, description, nodes, inputDefault }) => {
    const built: PlannableNode[] = [];
    nodes.forEach((s, i) => {
      const source = s.useInput
        ? input("url", inputDefault === undefined ? {} : { default: inputDefault })
        : "http://127.0.0.1:8000/rootfs.tar";
      let n: PlannableNode;
      if (s.kind === "host") n = host(s.name, { type: s.type, properties: s.properties });
      else {
        const declared = node(s.name, {
          type: s.type,
          properties: { x: 1, ...s.properties, ref: property("SELF", "x") },
        });
        const created =
          s.kind === "import"
            ? declared.import(source)
            : s.kind === "build"
              ? declared.build({ path: source, rm: true })
              : declared.image(source);
        const configured = created.config({
          command: s.command as string,
          environment: { ...s.env, ATTR: attribute("SELF", "container") },
          ...(s.healthcheck !== undefined && { healthcheck: s.healthcheck }),
        });
        const extras = {
          ...(s.processes !== undefined && { processes_to_wait_for: { process_names: s.processes, interval: 0.5 } }),
          ...(s.readiness !== undefined && { readiness: s.readiness }),
        };
        const deleteOptions = {
          ...(s.remove !== undefined && { remove_image: s.remove }),
          ...(s.deleteTimeout !== undefined && { container_stop: { timeout: s.deleteTimeout } }),
        };
        n =
          s.start === undefined
            ? configured.delete(deleteOptions)
            : configured
                .start(
                  s.start.port === undefined
                    ? {}
                    : {
                        port_bindings: { [s.start.port]: s.start.port },
                        ...(s.start.privileged !== undefined && { privileged: s.start.privileged }),
                      },
                  extras,
                )
                .stop(s.timeout === undefined ? {} : { timeout: s.timeout })
                .delete(deleteOptions);
      }
      let hosted = false;
      for (const r of s.relations) {
        if (i === 0) break;
        const target = built[r.to % i] as PlannableNode;
        if (r.kind === 2 && !hosted) {
          n = n.containedIn(target) as PlannableNode;
          hosted = true;
        } else n = (r.kind === 0 ? n.dependsOn(target) : n.connectedTo(target)) as PlannableNode;
      }
      built.push(n);
    });
    const first = built[0] as PlannableNode;
    return plan(name, built, {
      ...(description !== undefined && { description }),
      inputs: { "declared, unused": { description: "an input no node reads", type: "string" } },
      outputs: { first: { description: "the first node", value: attribute(first, "container") } },
    });
  })
  .filter((p) => validate(p).isOk());

const dslVersion = fc.constantFrom("cloudify_dsl_1_0", "cloudify_dsl_1_3", "cloudify_dsl_1_4" as const);

describe("strings PyYAML reads differently in flow style", () => {
  it("are quoted: `[ :-/ ]` is a syntax error for Cloudify's parser, `[ ?y ]` a mapping", () => {
    const p = plan("flow", [
      node("a")
        .image("busybox")
        .config({ command: ["sh", ":-/", "?y", "-z"], healthcheck: { test: ["CMD", "?x"] } }),
    ]);
    const yaml = toBlueprint(p);
    expect(yaml).toContain('command: [sh, ":-/", "?y", -z]');
    expect(yaml).toContain('test: [CMD, "?x"]');
    expect(fromBlueprint(yaml)._unsafeUnwrap()).toEqual(p);
  });
});

describe("property: round trips over valid plans", () => {
  it("generates varied valid plans", () => {
    const samples = fc.sample(planArbitrary, { numRuns: 150, seed: 1 });
    const nodes = samples.flatMap((p) => Object.values(p.nodes));
    expect(nodes.filter((n) => n.configure !== undefined).length).toBeGreaterThan(20);
    expect(nodes.filter((n) => n.relationships.length > 0).length).toBeGreaterThan(5);
    const ownDeleteStop = nodes.filter(
      (n) =>
        n.delete !== undefined && JSON.stringify(n.delete.container_stop) !== JSON.stringify(n.stop?.container_stop),
    );
    expect(ownDeleteStop.length).toBeGreaterThan(5);
    const probes = nodes.flatMap((n) => (n.start?.readiness === undefined ? [] : [n.start.readiness]));
    for (const kind of ["tcp", "http", "log", "healthy", "exit_code"])
      expect(
        probes.some((r) => kind in r),
        `a ${kind} probe`,
      ).toBe(true);
    expect(nodes.some((n) => n.configure?.container_config.healthcheck !== undefined)).toBe(true);
    expect(nodes.some((n) => n.start?.processes_to_wait_for !== undefined && n.start.readiness !== undefined)).toBe(
      true,
    );
  });

  it("plan → YAML → plan is the identity, for every DSL version", () => {
    fc.assert(
      fc.property(planArbitrary, dslVersion, (p, dslVersion) => {
        const yaml = toBlueprint(p, { dslVersion });
        const read = fromBlueprint(yaml)._unsafeUnwrap();
        expect(read).toEqual(p);
        expect(checkBlueprint(yaml, spec)).toEqual([]);
        // Every plan node the reader produces is the plan node of its own model.
        for (const planNode of Object.values(read.nodes)) expect(toPlanNode(fromPlanNode(planNode))).toEqual(planNode);
      }),
      { numRuns: 100 },
    );
  });

  it("plan → TS → plan is the identity, and prints the same YAML", () => {
    fc.assert(
      fc.property(planArbitrary, (p) => {
        const rebuilt = evaluatePlanSource(toTypeScript(p)) as Plan;
        expect(rebuilt).toEqual(p);
        expect(toBlueprint(rebuilt)).toBe(toBlueprint(p));
      }),
      { numRuns: 60 },
    );
  });

  it("blueprint → TS → plan → YAML equals the normalised blueprint", () => {
    fc.assert(
      fc.property(planArbitrary, (p) => {
        const normalised = toBlueprint(fromBlueprint(toBlueprint(p))._unsafeUnwrap());
        const viaTs = evaluatePlanSource(toTypeScript(fromBlueprint(normalised)._unsafeUnwrap())) as Plan;
        expect(toBlueprint(viaTs)).toBe(normalised);
      }),
      { numRuns: 40 },
    );
  });
});

describe("property: Cloudify's parser reads what berth writes", () => {
  const pyyaml = startPyYAML();
  afterAll(() => pyyaml.close());

  it("PyYAML reads every blueprint to the plan's values, as berth's reader does, which gives the plan back", async () => {
    await fc.assert(
      fc.asyncProperty(planArbitrary, dslVersion, async (p, dslVersion) => {
        const yaml = toBlueprint(p, { dslVersion });
        const [loaded] = await pyyaml.load([yaml]);
        if (loaded === undefined || "error" in loaded) throw new Error(`PyYAML refused:\n${yaml}\n${loaded?.error}`);
        const data = asPlanData(loaded.ok) as {
          node_templates: Record<
            string,
            { properties?: unknown; interfaces?: Record<string, Record<string, unknown>> }
          >;
        };
        for (const [name, n] of Object.entries(p.nodes)) {
          const template = data.node_templates[name];
          expect(template?.properties ?? {}).toEqual(n.properties);
          const configure = template?.interfaces?.["cloudify.interfaces.lifecycle"]?.configure as
            | { inputs: { container_config: unknown } }
            | undefined;
          expect(configure?.inputs.container_config).toEqual(n.configure?.container_config);
        }
        expect(data).toEqual(bigintsAsPlanData(plainData(readYamlTree(yaml).root)));
        expect(fromBlueprint(yaml)._unsafeUnwrap()).toEqual(p);
      }),
      { numRuns: 150 },
    );
  });
});
