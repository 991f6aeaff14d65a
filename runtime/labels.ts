/** The labels berth puts on what it creates, so the engine can answer "what is ours". */
export const LABEL_DEPLOYMENT = "berth.deployment";
export const LABEL_NODE = "berth.node";
export const LABEL_CONFIG_HASH = "berth.config-hash";
/** Which plan made the container (the CLI: the plan file's real path): see identity.ts. */
export const LABEL_PLAN = "berth.plan";
// Images get their own keys: containers inherit image labels, and a container made by hand from
// a berth image must not look like one of berth's containers.
export const LABEL_IMAGE_DEPLOYMENT = "berth.image.deployment";
export const LABEL_IMAGE_NODE = "berth.image.node";

export const containerLabels = (deployment: string, plan: string, node: string, configHash: string) => ({
  [LABEL_DEPLOYMENT]: deployment,
  [LABEL_PLAN]: plan,
  [LABEL_NODE]: node,
  [LABEL_CONFIG_HASH]: configHash,
});

export const imageLabels = (deployment: string, node: string) => ({
  [LABEL_IMAGE_DEPLOYMENT]: deployment,
  [LABEL_IMAGE_NODE]: node,
});
