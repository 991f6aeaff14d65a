/**
 * Liveness for requests that may be quiet for long (a build running `RUN sleep 600`, a stop
 * waiting its `t` seconds, `logs -f` of a quiet container): an idle timeout would kill them, no
 * timeout would hang on a frozen engine. While such a request is quiet, the watchdog pings the
 * engine on another connection; the request fails as a Timeout when neither it nor a ping has
 * answered for the daemon's timeout. So a healthy engine may take as long as it needs, and a
 * frozen one is noticed within `timeoutMs`.
 */
import { ConnectionFailure, seconds } from "./connection-failure.ts";

export interface Watch {
  /** Aborts the request when the engine is judged gone quiet; its reason is the Timeout failure. */
  readonly signal: AbortSignal;
  /** The request made progress (a chunk arrived). */
  touch(): void;
  /** The request is over: no more pings. */
  stop(): void;
}

export interface WatchClock {
  readonly now: () => number;
  readonly every: (ms: number, tick: () => void) => () => void;
}

const realClock: WatchClock = {
  now: () => Date.now(),
  every: (ms, tick) => {
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/**
 * Watches one request. `ping` resolves when the engine answers `GET /_ping`. The first ping goes
 * out after a quiet third of `timeoutMs` (5 s at most), so a ping is answered well before the
 * deadline on a live engine.
 */
export function watch(
  ping: () => Promise<unknown>,
  timeoutMs: number,
  what: string,
  clock: WatchClock = realClock,
): Watch {
  const controller = new AbortController();
  const quietBeforePing = Math.min(timeoutMs / 3, 5000);
  let last = clock.now();
  let pinging = false;
  const stopTicking = clock.every(Math.max(50, Math.min(1000, quietBeforePing / 2)), () => {
    const quiet = clock.now() - last;
    if (quiet >= timeoutMs) {
      stopTicking();
      controller.abort(
        new ConnectionFailure(
          { kind: "Timeout" },
          `${what}: neither the request nor a ping answered for ${seconds(timeoutMs)} (daemon_client.timeout)`,
          "ETIMEDOUT",
        ),
      );
      return;
    }
    if (quiet >= quietBeforePing && !pinging) {
      pinging = true;
      ping().then(
        () => {
          pinging = false;
          last = Math.max(last, clock.now());
        },
        () => {
          pinging = false;
        },
      );
    }
  });
  return {
    signal: controller.signal,
    touch: () => {
      last = clock.now();
    },
    stop: stopTicking,
  };
}
