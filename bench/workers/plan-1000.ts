/**
 * Run in a fresh process: times building (DSL + plan()), validate(), toBlueprint() and
 * fromBlueprint() of a 1,000-node plan; the first round is cold (as in a one-shot `berth yaml`),
 * then warm rounds. The peer: the `yaml` package's parseDocument of the same text (what
 * fromBlueprint was built on before), timed after berth in each round. Prints one JSON object.
 * It loads what `berth yaml` and `berth up blueprint.yaml` load: the blueprint writer and reader,
 * not codegen/mod.ts, which brings in ts-morph (and TypeScript) for toTypeScript.
 */
import { performance } from "node:perf_hooks";
import { parseDocument } from "yaml";
import { toBlueprint } from "../../codegen/blueprint/blueprint-emitter.ts";
import { fromBlueprint } from "../../codegen/blueprint/blueprint-reader.ts";
import { validate } from "../../mod.ts";
import { largePlan } from "../fixtures/large-plan.ts";

export interface PlanRound {
  readonly buildMs: number;
  readonly validateMs: number;
  readonly emitMs: number;
  /** build + validate + emit: the target. */
  readonly totalMs: number;
  readonly parseMs: number;
  /** The peer: `yaml`'s parseDocument (YAML 1.1) of the same text, no plan built. */
  readonly peerParseMs: number;
  readonly yamlBytes: number;
}

function round(size: number): PlanRound {
  const t0 = performance.now();
  const built = largePlan(size);
  const t1 = performance.now();
  const valid = validate(built);
  const t2 = performance.now();
  if (valid.isErr()) throw new Error(`the ${size}-node plan is invalid: ${valid.error[0]?.message ?? "?"}`);
  const yaml = toBlueprint(valid.value);
  const t3 = performance.now();
  const parsed = fromBlueprint(yaml);
  const t4 = performance.now();
  if (parsed.isErr()) throw new Error(`the emitted blueprint does not parse back: ${parsed.error[0]?.message ?? "?"}`);
  if (Object.keys(parsed.value.nodes).length !== size) throw new Error("the parsed plan lost nodes");
  const t5 = performance.now();
  const peer = parseDocument(yaml, { version: "1.1" });
  const t6 = performance.now();
  if (peer.errors.length > 0) throw new Error(`yaml's parser rejects the blueprint: ${peer.errors[0]?.message}`);
  return {
    buildMs: t1 - t0,
    validateMs: t2 - t1,
    emitMs: t3 - t2,
    totalMs: t3 - t0,
    parseMs: t4 - t3,
    peerParseMs: t6 - t5,
    yamlBytes: Buffer.byteLength(yaml),
  };
}

const size = Number(process.argv[2] ?? 1000);
const warmRounds = Number(process.argv[3] ?? 5);
const cold = round(size);
const warm = Array.from({ length: warmRounds }, () => round(size));
process.stdout.write(`${JSON.stringify({ cold, warm })}\n`);
