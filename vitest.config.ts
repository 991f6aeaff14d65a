import { defineConfig } from "vitest/config";

// Two projects, run one after the other (sequence.groupOrder): unit tests (pure, parallel),
// then engine tests (real Docker, two files at a time so a 2-core machine and its single
// dockerd are not swamped).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts", "test/types/**/*.test.ts"],
          testTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: "engine",
          include: ["test/engine/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
          fileParallelism: true,
          sequence: { groupOrder: 1 },
          globalSetup: ["test/engine/global-setup.ts"],
        },
      },
    ],
  },
});
