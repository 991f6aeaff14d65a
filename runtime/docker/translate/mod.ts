/**
 * docker-py 1.6 options → Docker Engine API requests, as pure functions
 * (shared/reference/docker-py-mapping.md). Nothing here talks to Docker; the runtime hands the
 * results to dockerode. Deviations from docker-py are listed in DEVIATIONS.md.
 */
export {
  type CreateContainerConfigArgs,
  createContainerConfig,
  type EngineContainerConfig,
} from "./container-config.ts";
export {
  type DaemonConnection,
  type DaemonOptions,
  daemonConnection,
  type ReadFile,
  type SshSettings,
  type TlsFiles,
} from "./daemon-connection.ts";
export { convertEnvironment } from "./environment.ts";
export { convertHealthcheck, durationNs, type EngineHealthcheck } from "./healthcheck.ts";
export { createHostConfig, type EngineHostConfig, type OptionPaths } from "./host-config.ts";
export {
  convertDevices,
  convertDns,
  convertExtraHosts,
  convertLinks,
  convertLxcConf,
  convertVolumesFrom,
  type DeviceMapping,
  type EngineDevice,
  type EngineLxcConf,
} from "./host-lists.ts";
export { extractImageId, IMAGE_ID, type ImageIdError } from "./image-id.ts";
export {
  type BuildImageOptions,
  type BuildImageRequest,
  buildImageRequest,
  type ImportImageRequest,
  importImageRequest,
} from "./image-requests.ts";
export {
  convertLogConfig,
  convertRestartPolicy,
  convertUlimits,
  type EngineLogConfig,
  type EngineRestartPolicy,
  type EngineUlimit,
} from "./limits.ts";
export { parseBytes } from "./parse-bytes.ts";
export { type ParsedHost, parseHost } from "./parse-host.ts";
export {
  convertExposedPorts,
  convertPortBindings,
  type EngineExposedPorts,
  type EnginePortBinding,
  type EnginePortBindings,
} from "./ports.ts";
export { pyRepr, pyStr } from "./py-format.ts";
export { ensureResolved, type Resolved } from "./resolved.ts";
export { splitCommand } from "./split-command.ts";
export { invalidOption, type TranslationError } from "./translation-error.ts";
export { convertVolumeBinds, convertVolumes } from "./volumes.ts";
