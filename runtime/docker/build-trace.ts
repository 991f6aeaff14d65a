/**
 * What a build has made so far, read from the legacy builder's stream (Engine 20.10, no
 * BuildKit), so that what a failed or killed build leaves can be removed:
 *
 * ```text
 * Step 2/4 : RUN make                      a step begins
 *  ---> Running in 59506af06312            the container the step runs in
 * …the command's own output…
 * Removing intermediate container 59506af06312
 *  ---> 4d0cdc6e6739                        the image the step committed
 * Step 3/4 : COPY . /src                   (some steps commit without a container)
 *  ---> Using cache                         (a cached step made nothing: its image is older)
 *  ---> c69090d74ef0
 * ```
 *
 * A `RUN` step's output shares the stream, so a command can print lines that look like the
 * builder's (a build that prints another build's log). The trace takes a step line only if it is
 * the next step, a step's first container line and its last image line (the builder writes its
 * own before and after the command's output), and keeps with every id the image it must be
 * based on, which whoever removes something checks first (`tasks/build-debris.ts`).
 */
import type { ProgressMessage } from "./engine-client.ts";

export interface BuildTrace {
  /** Containers the steps ran in, each with the image it runs (the previous step's image). */
  readonly containers: readonly { readonly id: string; readonly image: string }[];
  /** Images the build committed itself (not a `FROM` base, not from cache), oldest first. */
  readonly images: readonly { readonly id: string; readonly parent: string }[];
}

/** The fold's state: the finished trace plus the step in progress. */
export interface TraceState {
  readonly trace: BuildTrace;
  readonly step?: {
    /** `Step 3/5`: 3 and 5. The next step line must say `4/5`, or it is a command's output. */
    readonly number: number;
    readonly of: number;
    readonly from: boolean;
    readonly cached: boolean;
    /** The image of the step before, which this step's container and image are based on. */
    readonly base?: string;
    readonly container?: string;
    readonly image?: string;
  };
}

export const emptyTrace: BuildTrace = { containers: [], images: [] };
export const startTrace: TraceState = { trace: emptyTrace };

const STEP = /^Step (\d+)\/(\d+) : (\S+)/;
const RUNNING = /^ ---> Running in ([0-9a-f]{12,64})$/;
const CACHED = /^ ---> Using cache$/;
const COMMITTED = /^ ---> ([0-9a-f]{12,64})$/;

/** Feeds one stream message to the fold. */
export function traceMessage(state: TraceState, message: ProgressMessage): TraceState {
  if (typeof message.stream !== "string") return state;
  return message.stream.split("\n").reduce(traceLine, state);
}

/** The whole trace of a stream, the step in progress included. */
export function traceBuild(messages: readonly ProgressMessage[]): BuildTrace {
  return traceOf(messages.reduce(traceMessage, startTrace));
}

/** The trace so far: finished steps, plus what the step in progress has made. */
export function traceOf(state: TraceState): BuildTrace {
  const { step, trace } = state;
  if (step === undefined) return trace;
  const containers =
    step.container !== undefined && step.base !== undefined
      ? [...trace.containers, { id: step.container, image: step.base }]
      : trace.containers;
  // The last image line of a step is the builder's: the command's output comes before it.
  const images =
    step.image !== undefined && step.base !== undefined && !step.from && !step.cached
      ? [...trace.images, { id: step.image, parent: step.base }]
      : trace.images;
  return containers === trace.containers && images === trace.images ? trace : { containers, images };
}

function traceLine(state: TraceState, raw: string): TraceState {
  const line = raw.trimEnd();
  const step = STEP.exec(line);
  const previous = state.step;
  if (step !== null) {
    const number = Number(step[1]);
    const of = Number(step[2]);
    const next = previous === undefined ? number === 1 : number === previous.number + 1 && of === previous.of;
    if (next) {
      const base = previous?.image ?? previous?.base;
      return {
        trace: traceOf(state),
        step: {
          number,
          of,
          from: step[3]?.toUpperCase() === "FROM",
          cached: false,
          ...(base !== undefined && { base }),
        },
      };
    }
  }
  const current = previous;
  if (current === undefined) return state; // nothing before the first step is the builder's
  const running = RUNNING.exec(line)?.[1];
  // Only the first: a second one in the same step is the command's output.
  if (running !== undefined)
    return current.container === undefined ? { ...state, step: { ...current, container: running } } : state;
  if (CACHED.test(line)) return { ...state, step: { ...current, cached: true } };
  const committed = COMMITTED.exec(line)?.[1];
  if (committed !== undefined) return { ...state, step: { ...current, image: committed } };
  return state;
}
