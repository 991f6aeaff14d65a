/**
 * One YAML dialect for writing and reading blueprints. Cloudify reads blueprints with PyYAML,
 * which speaks YAML 1.1: `yes`, `on` and `1:20` are not strings there. Writing with the 1.1
 * schema quotes such strings, and reading with it sees what Cloudify sees. Timestamps stay
 * strings: a plan holds JSON only.
 */
import type { DocumentOptions, ParseOptions, SchemaOptions, ToStringOptions } from "yaml";

type Tags = Exclude<SchemaOptions["customTags"], undefined | null>;

const withoutTimestamps = (tags: Parameters<Extract<Tags, (t: never) => unknown>>[0]) =>
  tags.filter((t) => typeof t === "string" || t.tag !== "tag:yaml.org,2002:timestamp");

export const documentOptions: DocumentOptions & SchemaOptions = { version: "1.1", customTags: withoutTimestamps };

export const parseOptions: ParseOptions & DocumentOptions & SchemaOptions = {
  ...documentOptions,
  prettyErrors: false,
  uniqueKeys: true,
  strict: true,
};

export const toStringOptions: ToStringOptions = {
  indent: 2,
  lineWidth: 0,
  minContentWidth: 0,
  flowCollectionPadding: false,
};
