/** Small formatters shared by the views: durations, times, ids. */

/** `850ms`, `2.3s`, `1m05s`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

/** `10:12:03.123`: the time of day, UTC, for plain log lines. */
export const clockTime = (at: number): string => new Date(at).toISOString().slice(11, 23);

/** Docker's short container id. */
export const shortId = (id: string | undefined): string => (id === undefined ? "-" : id.slice(0, 12));

/** How long ago an ISO time was, relative to `now`: `3s ago`, `5m ago`, `2h ago`, `4d ago`. */
export function since(iso: string | undefined, now: number): string {
  if (iso === undefined) return "-";
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}
