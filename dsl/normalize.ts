/**
 * Loose DSL arguments become option dictionaries here, once, so builder methods stay one-liners:
 * a URL or `{ src }`, a directory or `{ path }`, a command or `{ command }`.
 */
import type { ContainerConfig, ImageBuild, ImageImport } from "./options.ts";
import { type Intrinsic, isIntrinsic } from "./values.ts";

type Loose<T, Short> = Short | Intrinsic | T;

const isShortForm = (value: unknown): value is string | Intrinsic => typeof value === "string" || isIntrinsic(value);

export const toImageImport = (src: Loose<ImageImport, string>): ImageImport => (isShortForm(src) ? { src } : src);

export const toImageBuild = (path: Loose<ImageBuild, string>): ImageBuild => (isShortForm(path) ? { path } : path);

export const toContainerConfig = (config: Loose<ContainerConfig, string | readonly string[]>): ContainerConfig =>
  isShortForm(config) || Array.isArray(config)
    ? { command: config as ContainerConfig["command"] }
    : (config as ContainerConfig);
