// Types for dist-layout.mjs, for the TypeScript that imports it (the benchmark).
export declare const entryPoints: Readonly<Record<string, string>>;
export declare const sources: readonly string[];
export declare function isBuildFresh(root: string): boolean;
