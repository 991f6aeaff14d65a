/**
 * How blueprints are written. Cloudify reads them with PyYAML, which speaks YAML 1.1: `yes`,
 * `on` and `1:20` are not strings there. Writing with `yaml`'s 1.1 schema quotes such strings
 * (it quotes a few more than PyYAML needs, such as `1e3`: harmless), and every string PyYAML
 * would resolve to something else (pyyaml-scalars.ts: `<<`, `=`, timestamps) is quoted too.
 * Characters PyYAML refuses or reads as line breaks are written as escapes, and numbers are
 * written so PyYAML reads the same double. Reading is yaml-tree.ts.
 * Timestamps stay strings: a plan holds JSON only.
 */
import type { DocumentOptions, SchemaOptions, ToStringOptions } from "yaml";
import { Scalar } from "yaml";
import { stringTag } from "yaml/util";
import { doubleQuoted, NEEDS_ESCAPE, plainIsText } from "./pyyaml-scalars.ts";

type Tags = Exclude<SchemaOptions["customTags"], undefined | null>;
type Tag = Exclude<Parameters<Extract<Tags, (t: never) => unknown>>[0][number], string>;

const FLOAT = "tag:yaml.org,2002:float";

/**
 * Numbers JavaScript prints with an exponent (1e+21, 5e-7): PyYAML's float needs a dot in the
 * mantissa and reads `1e+21` as a string, so write `1.0e+21`. Listed first, it wins over the
 * schema's own int and float for these numbers.
 */
const exponentFloat: Tag = {
  tag: FLOAT,
  default: true,
  identify: (value) => typeof value === "number" && Number.isFinite(value) && String(value).includes("e"),
  test: /^[-+]?[0-9]+\.[0-9]*e[-+][0-9]+$/,
  resolve: (source) => Number(source),
  stringify: ({ value }) => {
    const written = String(value);
    return written.includes(".") ? written : written.replace("e", ".0e");
  },
};

/**
 * Integers beyond 2^53 in all their digits: JavaScript prints 2^60 as 1152921504606847000, an
 * int PyYAML would keep as that (another) number. `1152921504606846976` is the double itself.
 */
const exactInteger: Tag = {
  tag: "tag:yaml.org,2002:int",
  default: true,
  identify: (value) => typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value),
  test: /^[-+]?[0-9]+$/,
  resolve: (source) => Number(source),
  stringify: ({ value }) => BigInt(value as number).toString(),
};

/** -0 as `-0.0`: PyYAML's int `-0` is 0, its float `-0.0` keeps the sign. */
const negativeZero: Tag = {
  tag: FLOAT,
  default: true,
  identify: (value) => Object.is(value, -0),
  test: /^-0\.0$/,
  resolve: () => -0,
  stringify: () => "-0.0",
};

/**
 * Strings: `yaml`'s own choice of style, double-quoted where PyYAML would read the plain text as
 * something else (`<<` would merge, `=` fails, `2001-12-14` is a date, `?x` in a flow list is a
 * key), and double-quoted with escapes where it holds a character PyYAML refuses or reads as a
 * line break (U+2028, NEL, DEL, C1 controls, a tab). Text on several lines is a block scalar
 * where one may stand, else double-quoted, as is text of only spaces and line breaks: `yaml`
 * would write it as a block scalar without the indentation indicator it needs (` \n` would read
 * back as `\n`).
 */
const pyyamlString: Tag = {
  ...stringTag,
  stringify(item, ctx, onComment, onChompKeep) {
    const text = String(item.value);
    if (NEEDS_ESCAPE.test(text)) return doubleQuoted(text);
    const yamlChooses = text.includes("\n")
      ? ctx.inFlow !== true && ctx.implicitKey !== true && /[^ \n]/.test(text)
      : plainIsText(text, ctx.inFlow === true);
    const styled = yamlChooses ? item : Object.assign(new Scalar(text), item, { type: Scalar.QUOTE_DOUBLE });
    return stringTag.stringify?.(styled, ctx, onComment, onChompKeep) ?? doubleQuoted(text);
  },
};

const customTags = (tags: Parameters<Extract<Tags, (t: never) => unknown>>[0]) => [
  exponentFloat,
  exactInteger,
  negativeZero,
  pyyamlString,
  // berth writes no merge keys (a `<<` key is a string and quoted) and no timestamps.
  ...tags.filter(
    (t) =>
      typeof t === "string" ||
      (t.tag !== "tag:yaml.org,2002:timestamp" && t.tag !== "tag:yaml.org,2002:merge" && t !== stringTag),
  ),
];

export const documentOptions: DocumentOptions & SchemaOptions = { version: "1.1", merge: false, customTags };

export const toStringOptions: ToStringOptions = {
  indent: 2,
  lineWidth: 0,
  minContentWidth: 0,
  flowCollectionPadding: false,
};
