/**
 * The offline Cloudify check: it accepts every emitted golden blueprint for each DSL version
 * and the fixture blueprints, and rejects the mistakes of plugin-v1.1.md §2.13 with their codes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { nodeTypeParents } from "../../../codegen/cloudify/cloudify-types.ts";
import { checkBlueprint, toBlueprint } from "../../../codegen/mod.ts";
import { relationshipTypes } from "../../../mod.ts";
import { blueprintDir, fixtureBlueprints, goldenPlans, repo, spec } from "./helpers.ts";

const versions = ["cloudify_dsl_1_0", "cloudify_dsl_1_3", "cloudify_dsl_1_4"] as const;

describe("accepted", async () => {
  for (const [name, plan] of await goldenPlans()) {
    for (const dslVersion of versions) {
      it(`${name} (${dslVersion})`, () => {
        expect(checkBlueprint(toBlueprint(plan, { dslVersion }), spec)).toEqual([]);
      });
    }
    it(`${name} with a host_agent executor only where a host exists`, () => {
      const hosted = Object.values(plan.nodes).some((n) => n.type === "cloudify.nodes.Compute");
      const codes = checkBlueprint(toBlueprint(plan, { executor: "host_agent" }), spec).map((i) => i.code);
      expect(codes.every((c) => c === 24)).toBe(true);
      expect(codes.length === 0).toBe(hosted);
    });
  }
  for (const [name, text] of fixtureBlueprints()) {
    it(`fixture ${name}`, () => {
      // The seed's node has no host: Cloudify rejects it as written (error 24); berth's output fixes that.
      const expected = name === "seed-db-server" ? [24, 24, 24, 24, 24] : [];
      expect(checkBlueprint(text, spec).map((i) => i.code)).toEqual(expected);
    });
  }
});

/** One change to the §2.12 blueprint per row of §2.13, and the code Cloudify answers with. */
const section212 = readFileSync(join(blueprintDir, "section-2-12.yaml"), "utf8");
const mistakes: [string, (text: string) => string, readonly (number | string)[]][] = [
  ["no tosca_definitions_version", (t) => t.replace("tosca_definitions_version: cloudify_dsl_1_0\n", ""), [27]],
  ["cloudify_dsl_2_0", (t) => t.replace("cloudify_dsl_1_0", "cloudify_dsl_2_0"), [29]],
  [
    "missing plugin import",
    (t) => t.replace("  - http://www.getcloudify.org/spec/docker-plugin/1.1/plugin.yaml\n", ""),
    Array(10).fill(10),
  ],
  ["unknown node type", (t) => t.replace("type: cloudify.nodes.DBMS", "type: cloudify.nodes.DBMSS"), [7]],
  ["undefined input", (t) => t.replace("{ get_input: db_image_url }", "{ get_input: db_url }"), ["UnknownInputError"]],
  ["relationship to a missing node", (t) => t.replace("target: db\n", "target: database\n"), [25]],
  [
    "unknown relationship type",
    (t) => t.replace("cloudify.relationships.depends_on", "cloudify.relationships.needs"),
    [26],
  ],
  [
    "dependency cycle",
    (t) =>
      t.replace(
        "  db:\n    type: cloudify.nodes.DBMS\n    relationships:\n",
        "  db:\n    type: cloudify.nodes.DBMS\n    relationships:\n      - type: cloudify.relationships.depends_on\n        target: web\n",
      ),
    [100],
  ],
  [
    "no contained_in host",
    (t) => t.replaceAll("      - type: cloudify.relationships.contained_in\n        target: docker_host\n", ""),
    Array(10).fill(24),
  ],
  [
    "max_retries under 1_0",
    (t) =>
      t.replace(
        "          implementation: docker.docker_plugin.tasks.configure\n",
        "          implementation: docker.docker_plugin.tasks.configure\n          max_retries: 3\n",
      ),
    [102],
  ],
  ["description under 1_0", (t) => t.replace("imports:", "description: demo\n\nimports:"), [102]],
  [
    "concat under 1_0",
    (t) => t.replace("{ get_input: db_image_url }", "{ concat: [a, b] }"),
    ["FunctionValidationError"],
  ],
  [
    "get_attribute SELF in outputs",
    (t) => t.replace("value: { get_attribute: [web, ports] }", "value: { get_attribute: [SELF, ports] }"),
    ["ValueError"],
  ],
  ["unknown top-level key", (t) => `${t}\nnode_template: {}\n`, [1]],
  ["a top-level key named like an Object.prototype member", (t) => `${t}\nconstructor: {}\n`, [1]],
  [
    "unknown operation key",
    (t) =>
      t.replace(
        "          implementation: docker.docker_plugin.tasks.run\n",
        "          implementation: docker.docker_plugin.tasks.run\n          retries: 3\n",
      ),
    [1],
  ],
];

describe("rejected (§2.13)", () => {
  for (const [what, change, codes] of mistakes) {
    it(what, () => {
      const changed = change(section212);
      expect(changed).not.toBe(section212);
      expect(checkBlueprint(changed, spec).map((i) => i.code)).toEqual(codes);
    });
  }
  it("accepts no host when every docker operation runs on the central deployment agent", () => {
    const central = section212
      .replaceAll("      - type: cloudify.relationships.contained_in\n        target: docker_host\n", "")
      .replaceAll(
        /( {10}implementation: docker\.docker_plugin\.tasks\.\w+\n)/g,
        "$1          executor: central_deployment_agent\n",
      );
    expect(checkBlueprint(central, spec)).toEqual([]);
  });
});

describe("the type tables", () => {
  it("match Cloudify 3.1's types.yaml", () => {
    const types = parse(readFileSync(join(repo, "test/fixtures/cloudify-spec/cloudify/3.1/types.yaml"), "utf8")) as {
      node_types: Record<string, { derived_from?: string }>;
      relationships: Record<string, unknown>;
    };
    const parents = Object.fromEntries(Object.entries(types.node_types).map(([n, t]) => [n, t.derived_from ?? null]));
    expect(nodeTypeParents).toEqual(parents);
    expect([...relationshipTypes].sort()).toEqual(Object.keys(types.relationships).sort());
  });
});
