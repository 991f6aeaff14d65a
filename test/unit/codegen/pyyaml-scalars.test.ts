/**
 * berth reads scalars as Cloudify's parser does: each case below is loaded by PyYAML itself
 * (/usr/bin/python3, SafeLoader) in this test, and berth's reader must agree on the tag and the
 * value, or refuse where PyYAML raises.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolvePlain } from "../../../codegen/blueprint/pyyaml-scalars.ts";
import { readYamlTree, type YamlNode } from "../../../codegen/blueprint/yaml-tree.ts";
import { fromBlueprint } from "../../../codegen/mod.ts";
import { type PyLoaded, type PyValue, pythonFloat, startPyYAML } from "./pyyaml.ts";

const pyyaml = startPyYAML();
afterAll(() => pyyaml.close());

const booleans = [
  ...["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE"],
  ...["on", "On", "ON", "off", "Off", "OFF"],
  // near misses: YAML 1.1's spec lists y/n, PyYAML does not; mixed case is a string
  ...["y", "Y", "n", "N", "tRue", "yEs", "oN", "nO", "FaLsE", "True1", "yes!"],
];
const nulls = ["~", "", "null", "Null", "NULL", "nUll", "NULL~", "None"];
const ints = [
  ...["0", "-0", "+0", "12", "-12", "+12", "1_000", "1__0", "1_", "_1"],
  ...["012", "0_7", "00", "-017", "08", "09", "0o17", "0O17"], // leading-0 octal; 08 is neither
  ...["0b101", "-0b101", "+0b1_0", "0b_", "0b2", "0b", "0B101"],
  ...["0x1F", "0x1f", "-0x1F", "0X1F", "0x_", "0xg", "0x"],
  ...["1:20", "-1:20", "+1:20:30", "1:60", "0:30", "1:5", "190:20:30", "60:00", "1:2:3:4:5:6:7:8:9:10:11:12:13:14"],
  ...["9007199254740991", "9007199254740992", "9007199254740993", "1152921504606846976", "12345678901234567890"],
  ...["-12345678901234567890", "0x7fffffffffffffffff", "99999999999999999999999999999999999999999"],
];
const floats = [
  ...["1.5", "-1.5", "+1.5", "1.", "0.", "-0.0", ".5", "-.5", "+.5", "._5", ".5_5", "1_0.5", "0.1"],
  ...["1.0e+3", "1.0e3", "1.0E-3", "1e3", "1e+3", "1.e+5", "1.5e-7", "6.02e+23", "1.0e+400", "-1.0e+400", "1.0e-400"],
  ...["1:20.5", "-1:20:30.15", "190:20:30.15", "1:20.", "0:0:0.", "1:2:3:4:5:6:7:8:9:10.5"],
  ...[".inf", "-.inf", "+.inf", ".Inf", ".INF", ".iNf", "inf", "-inf", "infinity"],
  ...[".nan", ".NaN", ".NAN", "-.nan", ".nAn", "nan", "NaN"],
  ...["3.14159265358979323846264338327950288", "1_000.000_1", "12e03", "1.2.3"],
];
const timestamps = [
  ...["2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2001-12-15T02:59:43.1Z"],
  ...["2001-12-14 21:59:43", "2001-1-14", "2001-1-4 1:59:43", "20011214", "2001-12-14T21:59"],
  ...["2001-13-45", "2001-02-29", "2000-02-29", "0000-01-01", "2001-12-14 24:00:00", "2001-12-14 23:59:60"],
  ...["2001-12-14 21:59:43 +24", "2001-12-14 21:59:43 -23:59"],
];
const others = [
  ...["<<", "=", "==", "<", "<<<", "abc", "-1-", "0.0.0.0", "127.0.0.1", "8080/tcp", "e3", "+", ".", ".."],
  ...["1 000", "--1", "+-1", "a:b", "http://x:80/"],
];
const plainScalars = [...booleans, ...nulls, ...ints, ...floats, ...timestamps, ...others];

/** Quoted and tagged scalars: PyYAML resolves anything tagged `!` as if plain, and constructs the rest. */
const tagged = [
  ...["! 12", "! '12'", '! "yes"', "! ''", "! '<<'", "'yes'", '"12"', "!!str 12", "!!str", "!!int '12'"],
  ...["!!int '0o17'", "!!int '1:20'", "!!int 1.5", "!!int", "!!float 1e3", "!!float '12'", "!!float 1:20"],
  ...["!!float inf", "!!bool y", "!!bool TRUE", "!!bool tRuE", "!!null x", "!!null ''"],
];

type Typed =
  | readonly ["error"]
  | readonly ["null"]
  | readonly ["bool", boolean]
  | readonly ["int", string]
  | readonly ["float", number]
  | readonly ["str", string]
  | readonly ["timestamp"];

/** What berth's reader makes of `k: <scalar>`, in the terms of the Python side. */
function berthReads(doc: string): Typed {
  const tree = readYamlTree(doc);
  const node: YamlNode | undefined = tree.root?.kind === "map" ? tree.root.pairs[0]?.value : undefined;
  if (tree.problems.length > 0 || node?.kind !== "scalar") return ["error"];
  const v = node.value;
  switch (node.tag) {
    case "null":
      return ["null"];
    case "bool":
      return ["bool", v as boolean];
    case "int":
      return ["int", String(v)];
    case "float":
      return ["float", v as number];
    case "timestamp":
      return ["timestamp"];
    default:
      return ["str", v as string];
  }
}

/** What PyYAML made of `k: <scalar>`. */
function pyyamlRead(loaded: PyLoaded): Typed | PyValue {
  if ("error" in loaded) return ["error"];
  const value = loaded.ok[0] === "map" ? loaded.ok[1][0]?.[1] : undefined;
  if (value === undefined) return loaded.ok;
  if (value[0] === "float") return ["float", pythonFloat(value[1])];
  if (value[0] === "timestamp") return ["timestamp"];
  return value;
}

describe("scalars, exactly as PyYAML 6's SafeLoader reads them", () => {
  const cases = [...plainScalars, ...tagged];
  const docs = cases.map((s) => `k: ${s}\n`);
  let python: PyLoaded[] = [];
  beforeAll(async () => {
    python = await pyyaml.load(docs);
  });

  it(`the table: ${plainScalars.length} plain scalars and ${tagged.length} quoted or tagged ones`, () => {
    expect(plainScalars.length).toBeGreaterThanOrEqual(100);
    const theirs = cases.map((s, i) => [s, pyyamlRead(python[i] as PyLoaded)]);
    // The table covers every outcome, so an agreement cannot come from a one-sided table.
    expect(new Set(theirs.map(([, t]) => (t as Typed)[0]))).toEqual(
      new Set(["bool", "null", "int", "float", "str", "timestamp", "error"]),
    );
    expect(cases.map((s, i) => [s, berthReads(docs[i] as string)])).toEqual(theirs);
  });

  it("resolvePlain, which the writer asks, names the same tag the reader used", () => {
    for (const s of plainScalars) {
      const theirs = pyyamlRead(python[plainScalars.indexOf(s)] as PyLoaded)[0];
      const tag = resolvePlain(s);
      // PyYAML raises for `<<` and `=` as values and for constructors that fail: those resolve to a non-str tag.
      if (theirs === "error") expect(tag, s).not.toBe("str");
      else expect(tag, s).toBe(theirs);
    }
  });

  it("keeps a timestamp as the text it was written as", () => {
    const tree = readYamlTree("k: 2001-12-14 21:59:43.10 -5\n");
    const node = tree.root?.kind === "map" ? tree.root.pairs[0]?.value : undefined;
    expect(node).toMatchObject({ tag: "timestamp", value: "2001-12-14 21:59:43.10 -5" });
  });
});

describe("keys, as PyYAML reads them", () => {
  it("a plain << merges, a quoted one and a plain = are ordinary keys, y and n are strings", async () => {
    const text = "base: &b {a: 1}\nm:\n  <<: *b\n  '<<': x\n  =: eq\n  y: yes\n  n: no\n";
    const [loaded] = await pyyaml.load([text]);
    const m = loaded !== undefined && "ok" in loaded && loaded.ok[0] === "map" ? loaded.ok[1][1]?.[1] : undefined;
    // Key order aside (PyYAML puts merged keys first, berth after its own), the same pairs.
    const expected = [
      [
        ["str", "<<"],
        ["str", "x"],
      ],
      [
        ["str", "="],
        ["str", "eq"],
      ],
      [
        ["str", "a"],
        ["int", "1"],
      ],
      [
        ["str", "n"],
        ["bool", false],
      ],
      [
        ["str", "y"],
        ["bool", true],
      ],
    ];
    const byKey = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));
    expect(m?.[0] === "map" ? [...m[1]].sort(byKey) : m).toEqual(expected);
    const tree = readYamlTree(text);
    expect(tree.problems).toEqual([]);
    const ours = tree.root?.kind === "map" ? tree.root.pairs[1]?.value : undefined;
    const pairs = ours?.kind === "map" ? ours.pairs : [];
    const typed = (node: YamlNode) =>
      node.kind === "scalar" ? [node.tag, node.tag === "int" ? String(node.value) : node.value] : [node.kind];
    expect(pairs.map((p) => [typed(p.key), typed(p.value)]).sort(byKey)).toEqual(expected);
  });

  it("reports a plain << or = as a value, which PyYAML refuses", () => {
    expect(readYamlTree("a: <<\nb: [=]\n").problems.map((p) => `${p.offset} ${p.message}`)).toEqual([
      `3 a plain << is YAML 1.1's merge key, which Cloudify's parser (PyYAML) refuses as a value; quote it ("<<") to keep it as text`,
      `10 a plain = is YAML 1.1's value key, which Cloudify's parser (PyYAML) refuses as a value; quote it ("=") to keep it as text`,
    ]);
  });
});

const header = `tosca_definitions_version: cloudify_dsl_1_0
imports:
  - http://www.getcloudify.org/spec/cloudify/3.1/types.yaml
  - http://www.getcloudify.org/spec/docker-plugin/1.1/plugin.yaml
node_templates:
`;
const dockerNode = (name: string, environment: string, properties = "{}") => `  ${name}:
    type: cloudify.nodes.ApplicationModule
    properties: ${properties}
    interfaces:
      cloudify.interfaces.lifecycle:
        configure:
          implementation: docker.docker_plugin.tasks.configure
          inputs:
            container_config:
              image: busybox
              command: /bin/true
              environment: ${environment}
`;

describe("through fromBlueprint", () => {
  it("a node named n and an environment value y stay strings", () => {
    const plan = fromBlueprint(header + dockerNode("n", "{ANSWER: y, OTHER: N, THIRD: yes}"))._unsafeUnwrap();
    expect(Object.keys(plan.nodes)).toEqual(["n"]);
    expect(plan.nodes.n?.configure?.container_config.environment).toEqual({ ANSWER: "y", OTHER: "N", THIRD: true });
  });

  it("keeps an integer beyond 2^53 that a double holds exactly, reports one it does not, and .inf and .nan", () => {
    const properties =
      "{exact: 1152921504606846976, hex: 0x10000000000000000, big: 12345678901234567890, inf: -.inf, nan: .nan, huge: 1.0e+400}";
    const issues = fromBlueprint(header + dockerNode("db", "{}", properties))._unsafeUnwrapErr();
    expect(issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`)).toEqual([
      "8:77 nodes.db.properties.big: the integer 12345678901234567890 is more than a plan holds exactly (a JSON number is a double, which would make it 12345678901234567168); quote it to keep it as text",
      "8:104 nodes.db.properties.inf: minus infinity (-.inf) is not a JSON number, and a plan holds JSON values only; quote it to keep it as text",
      "8:116 nodes.db.properties.nan: not-a-number (.nan) is not a JSON number, and a plan holds JSON values only; quote it to keep it as text",
      "8:128 nodes.db.properties.huge: infinity (.inf) is not a JSON number, and a plan holds JSON values only; quote it to keep it as text",
    ]);
    const exact = fromBlueprint(
      header + dockerNode("db", "{}", "{exact: 1152921504606846976, hex: 0x10000000000000000}"),
    );
    expect(exact._unsafeUnwrap().nodes.db?.properties).toEqual({ exact: 2 ** 60, hex: 2 ** 64 });
  });

  it("reports characters PyYAML refuses or reads as line breaks, where they are", async () => {
    const text = `${header}${dockerNode("db", '{A: a\u2028b, B: "c\u0085", C: d\u007fe}')}`;
    const issues = fromBlueprint(text)._unsafeUnwrapErr();
    expect(issues.map((i) => `${i.line}:${i.column} ${i.message}`)).toEqual([
      '17:33 Cloudify\'s parser (PyYAML, YAML 1.1) reads the character U+2028 as a line break; write it as the escape "\\L" in a double-quoted string',
      '17:42 Cloudify\'s parser (PyYAML, YAML 1.1) reads the character U+0085 as a line break; write it as the escape "\\N" in a double-quoted string',
      '17:50 Cloudify\'s parser (PyYAML) refuses the character U+007F anywhere in a blueprint; write it as the escape "\\x7F" in a double-quoted string',
    ]);
    // PyYAML does refuse DEL, and folds the spaces around a U+2028 that YAML 1.2 keeps, or ends a comment there.
    const [refused, folded, comment] = await pyyaml.load(["a: d\u007fe\n", "a: x \u2028 y\n", "# c\u2028a: 1\n"]);
    expect(refused).toMatchObject({ error: expect.stringContaining("special characters are not allowed") });
    expect(folded).toEqual({
      ok: [
        "map",
        [
          [
            ["str", "a"],
            ["str", "x\u2028y"],
          ],
        ],
      ],
    });
    expect(comment).toEqual({
      ok: [
        "map",
        [
          [
            ["str", "a"],
            ["int", "1"],
          ],
        ],
      ],
    });
  });
});
