/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per function and per file,
 * the heaviest first. `tsx bench/profile-summary.ts <file.cpuprofile> [top]`
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

const shortUrl = (url: string): string =>
  url
    .replace(/^file:\/\//, "")
    .replace(/^.*\/node_modules\//, "npm:")
    .replace(/^\/work\/main\//, "") || "(native)";

export function summarizeProfile(profile: Profile, top: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const perFunction = new Map<string, number>();
  const perFile = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    const file = shortUrl(frame.url);
    const fn = `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
    perFunction.set(fn, (perFunction.get(fn) ?? 0) + us);
    const pkg = file.startsWith("npm:")
      ? file
          .split("/")
          .slice(0, file.startsWith("npm:@") ? 2 : 1)
          .join("/")
      : file;
    perFile.set(pkg, (perFile.get(pkg) ?? 0) + us);
  }
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `  ${(us / 1000).toFixed(1).padStart(8)} ms  ${k}`)
      .join("\n");
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  return `total ${totalMs.toFixed(0)} ms\nself time by file or package:\n${list(perFile)}\nself time by function:\n${list(perFunction)}\n`;
}

const [file, top] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write("usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]\n");
  process.exitCode = 2;
} else {
  process.stdout.write(summarizeProfile(JSON.parse(readFileSync(file, "utf8")) as Profile, Number(top ?? 25)));
}
