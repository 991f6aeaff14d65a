/** The labels berth puts on what it creates, so the engine can answer "what is ours". */
export const LABEL_DEPLOYMENT = "berth.deployment";
export const LABEL_NODE = "berth.node";
export const LABEL_CONFIG_HASH = "berth.config-hash";
/**
 * Imported and built images get one key of their own, `berth.image=<deployment>/<node>`:
 * - its own key, because containers inherit image labels, and a container made by hand from a
 *   berth image must not look like one of berth's containers;
 * - one key, because the legacy builder turns each build label into its own `LABEL` step: with
 *   two keys a killed build could leave an image carrying only the first;
 * - and only a mark, not proof: an image built `FROM` a berth image inherits it. Whether berth
 *   made an image is decided by `image-ownership.ts`.
 */
export const LABEL_IMAGE = "berth.image";

export const containerLabels = (deployment: string, node: string, configHash: string) => ({
  [LABEL_DEPLOYMENT]: deployment,
  [LABEL_NODE]: node,
  [LABEL_CONFIG_HASH]: configHash,
});

/** The value of `berth.image`; plan and node names cannot contain "/", so it splits back uniquely. */
export const imageOwner = (deployment: string, node: string): string => `${deployment}/${node}`;

export const imageLabels = (deployment: string, node: string) => ({ [LABEL_IMAGE]: imageOwner(deployment, node) });

/** The container name berth gives a node unless container_config.name says otherwise. */
export const containerName = (deployment: string, node: string): string => `${deployment}_${node}`;
