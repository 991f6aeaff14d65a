// Preloaded by bench/breakdown.ts (`node --import`): records when each Engine API request of the
// process went out and came back (node:http's diagnostics channels) and the command's
// performance marks, and writes them as JSON to $BERTH_TRACE_FILE at exit. Times are ms since
// the process began (performance.timeOrigin).
import dc from "node:diagnostics_channel";
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const requests = [];
const started = new WeakMap();
dc.subscribe("http.client.request.start", ({ request }) => {
  started.set(request, { method: request.method, path: request.path, start: performance.now() });
});
dc.subscribe("http.client.response.finish", ({ request }) => {
  const entry = started.get(request);
  if (entry !== undefined) requests.push({ ...entry, end: performance.now() });
});
process.on("exit", () => {
  const marks = Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, m.startTime]));
  const file = process.env.BERTH_TRACE_FILE;
  if (file)
    writeFileSync(
      file,
      JSON.stringify({ timeOrigin: performance.timeOrigin, marks, requests, exit: performance.now() }),
    );
});
