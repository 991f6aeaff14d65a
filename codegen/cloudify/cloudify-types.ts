/**
 * What Cloudify 3.1 and the DSL versions define, as data: the built-in node and relationship
 * types of the 3.1 `types.yaml`, the DSL versions and the top-level keys each allows, and the
 * import URLs of the plugin. A unit test checks the type lists against the real `types.yaml`.
 */

/** Node types of Cloudify 3.1's `types.yaml`, each with the type it derives from. */
export const nodeTypeParents: Readonly<Record<string, string | null>> = {
  "cloudify.nodes.Root": null,
  "cloudify.nodes.Tier": "cloudify.nodes.Root",
  "cloudify.nodes.Compute": "cloudify.nodes.Root",
  "cloudify.nodes.Container": "cloudify.nodes.Compute",
  "cloudify.nodes.Volume": "cloudify.nodes.Root",
  "cloudify.nodes.ObjectStorage": "cloudify.nodes.Root",
  "cloudify.nodes.Network": "cloudify.nodes.Root",
  "cloudify.nodes.Subnet": "cloudify.nodes.Root",
  "cloudify.nodes.Port": "cloudify.nodes.Root",
  "cloudify.nodes.Router": "cloudify.nodes.Root",
  "cloudify.nodes.LoadBalancer": "cloudify.nodes.Root",
  "cloudify.nodes.VirtualIP": "cloudify.nodes.Root",
  "cloudify.nodes.SecurityGroup": "cloudify.nodes.Root",
  "cloudify.nodes.SoftwareComponent": "cloudify.nodes.Root",
  "cloudify.nodes.DBMS": "cloudify.nodes.SoftwareComponent",
  "cloudify.nodes.Database": "cloudify.nodes.Root",
  "cloudify.nodes.WebServer": "cloudify.nodes.SoftwareComponent",
  "cloudify.nodes.ApplicationServer": "cloudify.nodes.SoftwareComponent",
  "cloudify.nodes.MessageBusServer": "cloudify.nodes.SoftwareComponent",
  "cloudify.nodes.ApplicationModule": "cloudify.nodes.Root",
  "cloudify.nodes.CloudifyManager": "cloudify.nodes.SoftwareComponent",
};

export const nodeTypeNames: readonly string[] = Object.keys(nodeTypeParents);

/** True when `type` is, or derives from, `ancestor` in the given type table. */
export function derivesFrom(
  type: string,
  ancestor: string,
  parents: Readonly<Record<string, string | null>> = nodeTypeParents,
): boolean {
  const seen = new Set<string>();
  for (let t: string | null | undefined = type; typeof t === "string" && !seen.has(t); t = parents[t]) {
    if (t === ancestor) return true;
    seen.add(t);
  }
  return false;
}

export const COMPUTE = "cloudify.nodes.Compute";
export const CONTAINED_IN = "cloudify.relationships.contained_in";

/** DSL versions the current parser knows, oldest first. */
export const dslVersions = [
  "cloudify_dsl_1_0",
  "cloudify_dsl_1_1",
  "cloudify_dsl_1_2",
  "cloudify_dsl_1_3",
  "cloudify_dsl_1_4",
  "cloudify_dsl_1_5",
] as const;
export type DslVersion = (typeof dslVersions)[number];

export const isDslVersion = (v: unknown): v is DslVersion => (dslVersions as readonly unknown[]).includes(v);

/** True when `version` is `since` or newer. */
export const versionAtLeast = (version: DslVersion, since: DslVersion): boolean =>
  dslVersions.indexOf(version) >= dslVersions.indexOf(since);

/** Top-level keys and the DSL version that introduced each (plugin-v1.1.md §2.1, §2.2). */
/**
 * The DSL version that introduced `key` in one of the tables below, or undefined for a key the
 * table does not list (own keys only: "constructor" must not find Object.prototype's).
 */
export const keySince = (table: Readonly<Record<string, DslVersion>>, key: string): DslVersion | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined;

export const topLevelKeySince: Readonly<Record<string, DslVersion>> = {
  tosca_definitions_version: "cloudify_dsl_1_0",
  imports: "cloudify_dsl_1_0",
  inputs: "cloudify_dsl_1_0",
  plugins: "cloudify_dsl_1_0",
  node_types: "cloudify_dsl_1_0",
  relationships: "cloudify_dsl_1_0",
  node_templates: "cloudify_dsl_1_0",
  outputs: "cloudify_dsl_1_0",
  workflows: "cloudify_dsl_1_0",
  policy_types: "cloudify_dsl_1_0",
  policy_triggers: "cloudify_dsl_1_0",
  groups: "cloudify_dsl_1_0",
  description: "cloudify_dsl_1_2",
  dsl_definitions: "cloudify_dsl_1_2",
  data_types: "cloudify_dsl_1_2",
  policies: "cloudify_dsl_1_3",
  capabilities: "cloudify_dsl_1_3",
  metadata: "cloudify_dsl_1_4",
  imported_blueprints: "cloudify_dsl_1_4",
  namespaces_mapping: "cloudify_dsl_1_4",
  labels: "cloudify_dsl_1_4",
  blueprint_labels: "cloudify_dsl_1_4",
  deployment_settings: "cloudify_dsl_1_4",
  resource_tags: "cloudify_dsl_1_4",
};

/** Keys of an interface operation and the version that introduced each (§2.7). */
export const operationKeySince: Readonly<Record<string, DslVersion>> = {
  implementation: "cloudify_dsl_1_0",
  inputs: "cloudify_dsl_1_0",
  executor: "cloudify_dsl_1_0",
  max_retries: "cloudify_dsl_1_1",
  retry_interval: "cloudify_dsl_1_1",
  timeout: "cloudify_dsl_1_4",
  timeout_recoverable: "cloudify_dsl_1_4",
};

/** Intrinsic functions Cloudify knows beyond the three berth evaluates, with the version that added them. */
export const otherFunctionsSince: Readonly<Record<string, DslVersion>> = {
  concat: "cloudify_dsl_1_1",
  merge: "cloudify_dsl_1_3",
  get_secret: "cloudify_dsl_1_3",
  get_capability: "cloudify_dsl_1_3",
  get_sys: "cloudify_dsl_1_4",
  get_label: "cloudify_dsl_1_4",
  get_environment_capability: "cloudify_dsl_1_4",
  get_group_capability: "cloudify_dsl_1_4",
  string_find: "cloudify_dsl_1_4",
  string_replace: "cloudify_dsl_1_4",
  string_split: "cloudify_dsl_1_4",
  string_lower: "cloudify_dsl_1_4",
  string_upper: "cloudify_dsl_1_4",
};

export const TYPES_3_1_URL = "http://www.getcloudify.org/spec/cloudify/3.1/types.yaml";
export const DOCKER_PLUGIN_1_1_URL = "http://www.getcloudify.org/spec/docker-plugin/1.1/plugin.yaml";
/** The same plugin.yaml as the plugin's documentation page links it (its `yaml_link`). */
export const DOCKER_PLUGIN_1_1_DOCS_URL = "http://getcloudify.org/spec/docker-plugin/1.1/plugin.yaml";
/** DSL 1_4-style imports (§2.3). */
export const TYPES_1_4_IMPORT = "cloudify/types/types.yaml";
export const DOCKER_PLUGIN_1_4_IMPORT = "plugin:cloudify-docker-plugin";

export const EXECUTORS = ["central_deployment_agent", "host_agent"] as const;
