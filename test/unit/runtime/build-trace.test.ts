/** Reading what a build made from the legacy builder's stream (streams as Engine 20.10 sends them). */
import { describe, expect, it } from "vitest";
import { startTrace, traceBuild, traceMessage, traceOf } from "../../../runtime/docker/build-trace.ts";

const s = (stream: string) => ({ stream });

// A build with rm: each step's message as the engine sent it, the step line without its newline.
const successful = [
  s("Step 1/4 : FROM berth-test/busybox:latest"),
  s("\n"),
  s(" ---> a388247692ae\n"),
  s("Step 2/4 : RUN echo hi > /a"),
  s("\n"),
  s(" ---> Running in a5d237807151\n"),
  s("Removing intermediate container a5d237807151\n"),
  s(" ---> 787d87b6ff4e\n"),
  s("Step 3/4 : COPY Dockerfile /x"),
  s("\n"),
  s(" ---> c69090d74ef0\n"),
  s("Step 4/4 : LABEL berth.image=d/n"),
  s("\n"),
  s(" ---> Running in 59506af06312\n"),
  s("Removing intermediate container 59506af06312\n"),
  s(" ---> 4d0cdc6e6739\n"),
  { aux: { ID: "sha256:4d0cdc6e6739118a74a364ac09a5b5829472ded5b7927d87406f4587baa1fc35" } },
  s("Successfully built 4d0cdc6e6739\n"),
];

describe("traceBuild", () => {
  it("names each step's container and each image the build committed, with what it is based on", () => {
    expect(traceBuild(successful)).toEqual({
      containers: [
        { id: "a5d237807151", image: "a388247692ae" },
        { id: "59506af06312", image: "c69090d74ef0" },
      ],
      images: [
        { id: "787d87b6ff4e", parent: "a388247692ae" },
        { id: "c69090d74ef0", parent: "787d87b6ff4e" },
        { id: "4d0cdc6e6739", parent: "c69090d74ef0" },
      ],
    });
  });

  it("leaves out the FROM base and the images a cached step reused", () => {
    const cached = [
      s("Step 1/3 : FROM berth-test/busybox:latest\n"),
      s(" ---> a388247692ae\n"),
      s("Step 2/3 : RUN echo hi > /a\n"),
      s(" ---> Using cache\n"),
      s(" ---> 787d87b6ff4e\n"),
      s("Step 3/3 : RUN exit 3\n"),
      s(" ---> Running in 0123456789ab\n"),
      { errorDetail: { code: 3, message: "The command '/bin/sh -c exit 3' returned a non-zero code: 3" } },
    ];
    // The failed step's container is there (without forcerm it would stay); no image is new.
    expect(traceBuild(cached)).toEqual({ containers: [{ id: "0123456789ab", image: "787d87b6ff4e" }], images: [] });
  });

  it("counts a failed build's finished steps, the step that failed made no image", () => {
    const failed = [
      s("Step 1/3 : FROM berth-test/busybox:latest\n ---> a388247692ae\n"),
      s("Step 2/3 : RUN echo one > /one\n ---> Running in aaaaaaaaaaaa\n"),
      s("Removing intermediate container aaaaaaaaaaaa\n ---> bbbbbbbbbbbb\n"),
      s("Step 3/3 : RUN exit 1\n ---> Running in cccccccccccc\n"),
    ];
    expect(traceBuild(failed).images).toEqual([{ id: "bbbbbbbbbbbb", parent: "a388247692ae" }]);
  });

  it("takes a step's last image line and its first container line, so a command's output cannot replace them", () => {
    const spoofing = [
      s("Step 1/2 : FROM berth-test/busybox:latest\n ---> a388247692ae\n"),
      s("Step 2/2 : RUN echo ' ---> Running in 999999999999'; echo ' ---> 888888888888'\n"),
      s(" ---> Running in 111111111111\n"),
      s(" ---> Running in 999999999999\n"),
      s(" ---> 888888888888\n"),
      s("Removing intermediate container 111111111111\n"),
      s(" ---> 222222222222\n"),
    ];
    expect(traceBuild(spoofing)).toEqual({
      containers: [{ id: "111111111111", image: "a388247692ae" }],
      images: [{ id: "222222222222", parent: "a388247692ae" }],
    });
  });

  it("starts over at each FROM of a multi-stage build", () => {
    const stages = [
      s("Step 1/4 : FROM berth-test/busybox:latest AS one\n ---> a388247692ae\n"),
      s("Step 2/4 : RUN touch /x\n ---> Running in aaaaaaaaaaaa\n ---> bbbbbbbbbbbb\n"),
      s("Step 3/4 : from berth-test/busybox:latest\n ---> a388247692ae\n"),
      s("Step 4/4 : COPY --from=one /x /x\n ---> cccccccccccc\n"),
    ];
    expect(traceBuild(stages).images).toEqual([
      { id: "bbbbbbbbbbbb", parent: "a388247692ae" },
      { id: "cccccccccccc", parent: "a388247692ae" },
    ]);
  });

  it("grows one message at a time, the step in progress included", () => {
    let state = startTrace;
    const seen: number[] = [];
    for (const m of successful) {
      state = traceMessage(state, m);
      seen.push(traceOf(state).images.length + traceOf(state).containers.length);
    }
    // Never shrinks, and the container of step 2 is known before its image is committed.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen[5]).toBe(1);
    expect(seen.at(-1)).toBe(5);
  });

  it("ignores messages that carry no build text", () => {
    expect(traceBuild([{ status: "Downloading" }, { aux: { ID: "sha256:x" } }, s("")])).toEqual({
      containers: [],
      images: [],
    });
  });
});

describe("traceBuild and a command that prints another build's log", () => {
  it("takes a step line only when it is the next step of the same build", () => {
    const printed = [
      s("Step 1/2 : FROM berth-test/busybox:latest\n ---> a388247692ae\n"),
      s("Step 2/2 : RUN cat old-build.log\n ---> Running in 111111111111\n"),
      s("Step 2/5 : RUN make\n ---> Running in 999999999999\n ---> 888888888888\n"),
      s("Step 3/5 : RUN make install\n ---> Running in 777777777777\n"),
      s(" ---> 222222222222\n"),
    ];
    expect(traceBuild(printed)).toEqual({
      containers: [{ id: "111111111111", image: "a388247692ae" }],
      images: [{ id: "222222222222", parent: "a388247692ae" }],
    });
  });
});
