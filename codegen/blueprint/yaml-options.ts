/**
 * How blueprints are written. Cloudify reads them with PyYAML, which speaks YAML 1.1: `yes`,
 * `on` and `1:20` are not strings there. Writing with `yaml`'s 1.1 schema quotes such strings
 * (it quotes a few more than PyYAML needs, such as `1e3`: harmless). Reading is yaml-tree.ts.
 * Timestamps stay strings: a plan holds JSON only.
 */
import type { DocumentOptions, SchemaOptions, ToStringOptions } from "yaml";

type Tags = Exclude<SchemaOptions["customTags"], undefined | null>;
type Tag = Exclude<Parameters<Extract<Tags, (t: never) => unknown>>[0][number], string>;

/**
 * Numbers JavaScript prints with an exponent (1e+21, 5e-7): PyYAML's float needs a dot in the
 * mantissa and reads `1e+21` as a string, so write `1.0e+21`. Listed first, it wins over the
 * schema's own int and float for these numbers.
 */
const exponentFloat: Tag = {
  tag: "tag:yaml.org,2002:float",
  default: true,
  identify: (value) => typeof value === "number" && Number.isFinite(value) && String(value).includes("e"),
  test: /^[-+]?[0-9]+\.[0-9]*e[-+][0-9]+$/,
  resolve: (source) => Number(source),
  stringify: ({ value }) => {
    const written = String(value);
    return written.includes(".") ? written : written.replace("e", ".0e");
  },
};

const customTags = (tags: Parameters<Extract<Tags, (t: never) => unknown>>[0]) => [
  exponentFloat,
  ...tags.filter((t) => typeof t === "string" || t.tag !== "tag:yaml.org,2002:timestamp"),
];

export const documentOptions: DocumentOptions & SchemaOptions = { version: "1.1", customTags };

export const toStringOptions: ToStringOptions = {
  indent: 2,
  lineWidth: 0,
  minContentWidth: 0,
  flowCollectionPadding: false,
};
