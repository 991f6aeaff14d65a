/**
 * The YAML tree the blueprint reader walks: PyYAML's YAML 1.1 scalars, anchors, aliases and
 * merge keys, the offset of every node, and the problems it reports itself.
 */

import { describe, expect, it } from "vitest";
import { Document } from "yaml";
import { documentOptions, toStringOptions } from "../../../codegen/blueprint/yaml-options.ts";
import { MAX_EXPANDED_NODES, plainData, readYamlTree, type YamlNode } from "../../../codegen/blueprint/yaml-tree.ts";

const data = (text: string): unknown => {
  const tree = readYamlTree(text);
  expect(tree.problems).toEqual([]);
  return plainData(tree.root);
};
const problems = (text: string) => readYamlTree(text).problems.map((p) => `${p.offset} ${p.message}`);

describe("scalars, as PyYAML (YAML 1.1) reads them", () => {
  const cases: [string, unknown][] = [
    ["yes", true],
    ["No", false],
    ["on", true],
    ["OFF", false],
    ["~", null],
    ["", null],
    ["Null", null],
    ["012", 10], // octal
    ["0x1F", 31],
    ["0b101", 5],
    ["1_000", 1000],
    ["1:20", 80], // sexagesimal
    ["1.5", 1.5],
    ["1.0e+3", 1000],
    ["1e3", "1e3"], // PyYAML's float needs a dot
    ["08", "08"], // neither octal nor decimal
    ["2001-12-14", "2001-12-14"], // timestamps stay strings
    ['"yes"', "yes"],
    ["'12'", "12"],
    ["!!str 12", "12"],
    ["!!int '12'", 12],
    ["|\n  two\n  lines", "two\nlines\n"], // clip keeps the last line break
  ];
  for (const [written, expected] of cases) {
    it(`${JSON.stringify(written)} → ${JSON.stringify(expected)}`, () => {
      expect(data(`k: ${written}\n`)).toEqual({ k: expected });
    });
  }

  it(".inf and .nan are numbers the reader will refuse (a plan holds JSON)", () => {
    expect(data("a: .inf\nb: .nan\n")).toEqual({ a: Number.POSITIVE_INFINITY, b: Number.NaN });
  });
});

describe("anchors, aliases and merge keys", () => {
  it("resolves an alias to the anchored node", () => {
    expect(data("a: &x {p: 1}\nb: *x\n")).toEqual({ a: { p: 1 }, b: { p: 1 } });
  });

  it("merges mappings: own keys win, then earlier merged mappings over later ones", () => {
    const text = "base: &base {a: 1, b: 1}\nmore: &more {b: 2, c: 2}\nnode:\n  <<: [*base, *more]\n  a: 0\n";
    expect(data(text)).toEqual({ base: { a: 1, b: 1 }, more: { b: 2, c: 2 }, node: { a: 0, b: 1, c: 2 } });
  });

  it('a quoted "<<" is an ordinary key', () => {
    expect(data("'<<': 1\n")).toEqual({ "<<": 1 });
  });

  it("reports an alias with no anchor, and merging something that is not a mapping", () => {
    expect(problems("a: *nope\nb:\n  <<: 3\n")).toEqual([
      "3 unknown alias *nope: no complete node before it is anchored &nope",
      "18 << merges mappings only: give it an alias of a mapping, or a list of them",
    ]);
  });

  it("refuses aliases that expand beyond the limit (a billion laughs)", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 8; i++)
      lines.push(
        `${"abcdefgh"[i]}: &${"abcdefgh"[i]} [${Array(10)
          .fill(`*${"abcdefgh"[i - 1]}`)
          .join(", ")}]`,
      );
    const tree = readYamlTree(`${lines.join("\n")}\n`);
    expect(tree.root).toBeNull();
    expect(tree.problems.map((p) => p.message)).toEqual([
      `aliases expand this document to more than ${MAX_EXPANDED_NODES} nodes`,
    ]);
  });
});

describe("problems the tree reports itself, each at its offset", () => {
  it("duplicate keys, the second one", () => {
    expect(problems("a: 1\nb: 2\na: 3\n")).toEqual(['10 duplicate key "a" in this mapping']);
  });

  it("8080 and '8080' name the same key of a plan", () => {
    expect(problems("8080: a\n'8080': b\n")).toEqual(['8 duplicate key "8080" in this mapping']);
  });

  it("tags berth would not know the meaning of, and values their tag refuses", () => {
    expect(problems("a: !Ref x\nb: !!binary aGk=\nc: !!int ten\n")).toEqual([
      "3 berth does not read the YAML tag !Ref; a blueprint holds strings, numbers, booleans, null, lists and mappings",
      "13 berth does not read the YAML tag !!binary; a blueprint holds strings, numbers, booleans, null, lists and mappings",
      '36 "ten" is not a valid !!int',
    ]);
  });

  it("a second document", () => {
    expect(problems("a: 1\n---\nb: 2\n")).toEqual(["9 a blueprint is one YAML document; found a second one here"]);
  });

  it("syntax errors, from the parser, at the offset it names", () => {
    expect(problems("a: [1, 2\nb: 3\n")).toEqual([
      "9 deficient indentation: this line is indented less than the value it continues (is a [, { or quote above it left open?)",
    ]);
  });
});

describe("offsets", () => {
  const text = 'top:\n  quoted: "q"\n  flow: {x: 1}\n  block:\n    - item\n  empty:\n';
  const root = readYamlTree(text).root;
  const pairs = root?.kind === "map" && root.pairs[0]?.value.kind === "map" ? root.pairs[0].value.pairs : [];
  const at = (node: YamlNode | undefined) => (node === undefined ? "?" : text.slice(node.start, node.start + 6));

  it("a quoted scalar starts at its quote, a collection at its first character", () => {
    expect(pairs.map((p) => [at(p.key), at(p.value)])).toEqual([
      ["quoted", '"q"\n  '],
      ["flow: ", "{x: 1}"],
      ["block:", "- item"],
      ["empty:", "empty:"], // an empty value is placed at its key
    ]);
    expect(pairs.map((p) => p.value.kind === "map" && p.value.flow)).toEqual([false, true, false, false]);
  });
});

describe("the writer's numbers, as PyYAML reads them", () => {
  it("writes exponents with a dot in the mantissa, and the reader reads them back", () => {
    const values = [1e21, -6e-323, 1.5e300, 1e-7, 0.1, 12, -3];
    const written = new Document({ values }, documentOptions).toString(toStringOptions);
    expect(written).toBe("values:\n  - 1.0e+21\n  - -6.0e-323\n  - 1.5e+300\n  - 1.0e-7\n  - 0.1\n  - 12\n  - -3\n");
    expect(data(written)).toEqual({ values });
  });
});
