/**
 * PyYAML itself, as Cloudify's DSL parser reads YAML: /usr/bin/python3 with Debian's python3-yaml
 * (scripts/docker-engine.sh installs it). One Python process per test file loads batches of
 * documents with SafeLoader and says, for each, what Python got, typed, or the error it raised.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** A Python value, typed: ints as their digits and floats as repr(), so nothing is rounded on the way. */
export type PyValue =
  | readonly ["null"]
  | readonly ["bool", boolean]
  | readonly ["int", string]
  | readonly ["float", string]
  | readonly ["str", string]
  | readonly ["timestamp", string]
  | readonly ["seq", readonly PyValue[]]
  | readonly ["map", readonly (readonly [PyValue, PyValue])[]]
  | readonly ["other", string];

export type PyLoaded = { readonly ok: PyValue } | { readonly error: string };

const PYTHON = "/usr/bin/python3";

const script = `
import datetime, json, sys, yaml

def typed(v):
    if v is None: return ["null"]
    if isinstance(v, bool): return ["bool", v]
    if isinstance(v, int): return ["int", str(v)]
    if isinstance(v, float): return ["float", repr(v)]
    if isinstance(v, str): return ["str", v]
    if isinstance(v, (datetime.date, datetime.datetime)): return ["timestamp", v.isoformat()]
    if isinstance(v, list): return ["seq", [typed(x) for x in v]]
    if isinstance(v, dict): return ["map", [[typed(k), typed(x)] for k, x in v.items()]]
    return ["other", repr(v)]

def load(text):
    try:
        return {"ok": typed(yaml.load(text, Loader=yaml.SafeLoader))}
    except Exception as e:
        return {"error": type(e).__name__ + ": " + str(e)}

# One JSON list of texts per line in, one JSON list of results per line out (ASCII: json escapes the rest).
for line in sys.stdin.buffer:
    sys.stdout.write(json.dumps([load(t) for t in json.loads(line.decode("utf-8"))]) + "\\n")
    sys.stdout.flush()
`;

export interface PyYAML {
  /** Each text loaded with PyYAML's SafeLoader. */
  load(texts: readonly string[]): Promise<PyLoaded[]>;
  /** Ends the Python process. */
  close(): void;
}

/** Starts the Python process; `close()` it after the tests. */
export function startPyYAML(): PyYAML {
  const child = spawn(PYTHON, ["-c", script], { stdio: ["pipe", "pipe", "pipe"] });
  const waiting: { resolve: (r: PyLoaded[]) => void; reject: (e: Error) => void }[] = [];
  let stderr = "";
  let failure: Error | undefined;
  const fail = (why: string) => {
    failure ??= new Error(
      `${PYTHON} with PyYAML is needed to compare with Cloudify's parser (Debian: apt-get install python3-yaml; scripts/docker-engine.sh installs it): ${why}`,
    );
    for (const w of waiting.splice(0)) w.reject(failure);
  };
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.on("error", (e) => fail(e.message));
  child.on("exit", (code) => {
    if (code !== 0 || waiting.length > 0) fail(`python exited with ${code}: ${stderr}`);
  });
  createInterface({ input: child.stdout }).on("line", (line) => waiting.shift()?.resolve(JSON.parse(line)));
  return {
    load: (texts) =>
      failure !== undefined
        ? Promise.reject(failure)
        : new Promise((resolve, reject) => {
            waiting.push({ resolve, reject });
            child.stdin.write(`${JSON.stringify(texts)}\n`);
          }),
    close: () => child.stdin.end(),
  };
}

/** A Python float's repr() as the double it is. */
export const pythonFloat = (repr: string): number =>
  repr === "inf" ? Number.POSITIVE_INFINITY : repr === "-inf" ? Number.NEGATIVE_INFINITY : Number(repr);

/**
 * A loaded value as the JSON data a plan holds: mappings with string keys only (anything else
 * is kept visibly as `{ "non-string key": ... }`, so a comparison with a plan fails), ints that
 * a double holds exactly as numbers (others stay their digits, so they cannot compare equal).
 */
export function asPlanData(value: PyValue): unknown {
  switch (value[0]) {
    case "null":
      return null;
    case "bool":
    case "str":
      return value[1];
    case "int": {
      const n = Number(value[1]);
      return Number.isFinite(n) && BigInt(n) === BigInt(value[1]) ? n : `int ${value[1]}`;
    }
    case "float":
      return pythonFloat(value[1]);
    case "seq":
      return value[1].map(asPlanData);
    case "map": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of value[1]) {
        const key = k[0] === "str" ? k[1] : `non-string key ${JSON.stringify(k)}`;
        Object.defineProperty(out, key, { value: asPlanData(v), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    default:
      return `${value[0]} ${value[1]}`;
  }
}

/** berth's own tree data (yaml-tree.ts's plainData) in asPlanData's terms: bigints as asPlanData shows ints. */
export function bigintsAsPlanData(value: unknown): unknown {
  if (typeof value === "bigint") return asPlanData(["int", String(value)]);
  if (Array.isArray(value)) return value.map(bigintsAsPlanData);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    Object.defineProperty(out, k, {
      value: bigintsAsPlanData(v),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
