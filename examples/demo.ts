/**
 * `npm run demo`: the seed's db_server plan against the real engine, as a user would drive it.
 * It serves the busybox rootfs tarball on 127.0.0.1 (the plan imports its image from a URL),
 * then runs `berth up`, `status`, `logs` and `down` on examples/db_server.ts. Only up is given
 * the image URL: the others use what up recorded.
 */
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import process from "node:process";
import { exitAfterFlush } from "../cli/self-run.ts";
import { main } from "../cli.ts";

const tarball = new URL("../test/fixtures/busybox-rootfs.tar", import.meta.url);
const planFile = new URL("./db_server.ts", import.meta.url).pathname;

const server = createServer((request, response) => {
  if (request.url !== "/busybox-rootfs.tar") {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { "content-type": "application/x-tar", "content-length": statSync(tarball).size });
  createReadStream(tarball).pipe(response);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address() as AddressInfo;
const imageInput = `image_url=http://127.0.0.1:${port}/busybox-rootfs.tar`;

const steps: [string, string[]][] = [
  [
    "berth up: import the image from the URL, create the container, run /bin/echo hello",
    ["up", planFile, "-i", imageInput],
  ],
  // status, logs and down need no -i: they use what up recorded (its daemon, stop and remove options).
  ["berth status", ["status", planFile]],
  ["berth logs: what the container printed", ["logs", planFile, "db_server"]],
  ["berth down: stop, remove the container and its image", ["down", planFile]],
];

let code = 0;
for (const [title, args] of steps) {
  process.stdout.write(`\n== ${title}\n`);
  code = await main(args);
  if (code !== 0) break;
}
server.close();
exitAfterFlush(code);
