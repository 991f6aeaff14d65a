/**
 * The direct YAML writer (codegen/blueprint/yaml-writer.ts) writes, byte for byte, what the
 * `yaml` package's document API writes for the same tree (yaml-document.ts, the reference):
 * for the golden plans, and for generated trees of every shape the emitter makes (block and
 * flow maps and sequences, nested, blank lines before keys) holding hostile scalars: YAML 1.1
 * look-alikes, characters PyYAML refuses or reads as line breaks, text on several lines, keys
 * `yaml` writes in explicit form, numbers of every kind. PyYAML reading what it writes is
 * property.test.ts's part.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blueprintTree } from "../../../codegen/blueprint/blueprint-emitter.ts";
import { documentText } from "../../../codegen/blueprint/yaml-document.ts";
import type { OutDocument, OutMap, OutNode, OutScalar } from "../../../codegen/blueprint/yaml-tree-out.ts";
import { writeDocument } from "../../../codegen/blueprint/yaml-writer.ts";
import { goldenPlans } from "./helpers.ts";

const hostile = [
  "",
  " ",
  "  padded  ",
  "yes",
  "Yes",
  "y",
  "N",
  "on",
  "null",
  "Null",
  "~",
  "true",
  "1:20",
  "0x1F",
  "0o17",
  "1e3",
  "1.0e+3",
  ".inf",
  ".nan",
  "-0",
  "._5",
  "2001-12-14",
  "2001-12-14 21:59:43",
  "<<",
  "=",
  "?y",
  ":-/",
  "- ",
  "-",
  "-x",
  "# c",
  "a #b",
  "a: b",
  "a:",
  "http://127.0.0.1:8000/rootfs.tar",
  "@at",
  "`tick`",
  "&a",
  "*a",
  "!!str",
  "%x",
  "|",
  ">",
  "'",
  '"',
  "\\",
  "line one\nline two\n",
  "ends with newline\n",
  "\n",
  " \n",
  "\n\nlead",
  "trail\n\n",
  "  indented\nfirst",
  "\t",
  "\r\n",
  "\u2028",
  "\u0085",
  "\x7f",
  "\u{1F433}",
  "é",
  "[a]",
  "{a}",
  "a,b",
  "x".repeat(1100),
];
const word = fc.oneof(
  fc.stringMatching(/^[A-Za-z_/][A-Za-z0-9_./:+@-]{0,20}$/),
  fc.stringMatching(/^[A-Za-z0-9_./:+@-]{1,6}$/),
  fc.constantFrom(
    "0",
    "8080",
    "1_000",
    "0x1F",
    "0o17",
    "1.5",
    "-1",
    "+",
    ".",
    "---x",
    "...",
    "--",
    "-x",
    "?x",
    "a:b",
    "::",
  ),
);
const text = fc.oneof(
  word,
  fc.stringMatching(/^[ -~]{0,16}$/),
  fc
    .array(
      fc.constantFrom(
        "a",
        " ",
        ":",
        "#",
        "'",
        '"',
        "\\",
        "-",
        "?",
        ",",
        "[",
        "]",
        "{",
        "}",
        "!",
        "&",
        "*",
        "|",
        ">",
        "%",
        "@",
        "`",
        "=",
        "~",
        ".",
      ),
      { maxLength: 5 },
    )
    .map((cs) => cs.join("")),
  fc.constantFrom(...hostile),
  fc.string({ maxLength: 10 }),
  fc.array(fc.oneof(word, fc.constantFrom(...hostile)), { maxLength: 4 }).map((parts) => parts.join(" ")),
  fc.array(fc.oneof(word, fc.constantFrom(...hostile)), { maxLength: 4 }).map((parts) => parts.join("\n")),
);
const scalar: fc.Arbitrary<OutScalar> = fc.oneof(
  text,
  fc.integer({ min: -100_000, max: 100_000 }),
  fc.constantFrom(0, -0, 2 ** 53, 2 ** 60, -(2 ** 60), 1e21, 5e-7, 0.1, 1.5, -2.25, 1e300),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const node: fc.Arbitrary<OutNode> = fc.letrec<{ n: OutNode }>((tie) => ({
  n: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.record({
      kind: fc.constant("seq" as const),
      flow: fc.boolean(),
      items: fc.array(tie("n"), { maxLength: 3 }),
    }),
    fc.record({
      kind: fc.constant("map" as const),
      flow: fc.boolean(),
      entries: fc.uniqueArray(fc.record({ key: text, value: tie("n") }), { selector: (e) => e.key, maxLength: 3 }),
    }),
  ),
})).n;
/**
 * Blank lines stand where the emitter puts them: before every section but the first, and before
 * every entry but the first of a block map that is a section's value (node_templates).
 */
const spaced = <T extends { key: string; value: OutNode }>(entries: T[]) =>
  entries.map((e, i) => (i > 0 ? { ...e, spaceBefore: true } : e));
const section = fc.oneof(
  fc.record({ key: text, value: node }),
  fc.record({
    key: text,
    value: fc
      .uniqueArray(fc.record({ key: text, value: node }), { selector: (e) => e.key, minLength: 1, maxLength: 3 })
      .map((entries): OutMap => ({ kind: "map", flow: false, entries: spaced(entries) })),
  }),
);
const root: fc.Arbitrary<OutMap> = fc
  .uniqueArray(section, { selector: (e) => e.key, minLength: 1, maxLength: 4 })
  .map((entries) => ({ kind: "map", flow: false, entries: spaced(entries) }));
const documents: fc.Arbitrary<OutDocument> = fc.record({
  comment: fc.array(fc.stringMatching(/^ [a-z]+: [ -~]{0,12}$/), { maxLength: 2 }),
  root,
});

describe("the direct YAML writer", () => {
  it("writes each golden plan as the yaml document API does", async () => {
    for (const [, plan] of await goldenPlans()) {
      const tree = blueprintTree(plan);
      expect(writeDocument(tree)).toBe(documentText(tree));
    }
  });

  it("writes every generated tree as the yaml document API does", () => {
    fc.assert(
      fc.property(documents, (doc) => {
        expect(writeDocument(doc)).toBe(documentText(doc));
      }),
      { numRuns: 3000, seed: 13 },
    );
  });

  it("writes a block scalar's lines at the depth of the collection holding it", () => {
    const doc: OutDocument = {
      comment: [" berth plan: x"],
      root: {
        kind: "map",
        flow: false,
        entries: [
          {
            key: "a",
            value: {
              kind: "seq",
              flow: false,
              items: [{ kind: "map", flow: false, entries: [{ key: "script", value: "one\ntwo\n" }] }],
            },
          },
        ],
      },
    };
    expect(writeDocument(doc)).toBe("# berth plan: x\n\na:\n  - script: |\n      one\n      two\n");
    expect(writeDocument(doc)).toBe(documentText(doc));
  });
});
