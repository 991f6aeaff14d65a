import { defineConfig } from "vitest/config";

// Two projects: unit tests (pure, parallel) and engine tests (real Docker, bounded so a
// 2-core machine and its single dockerd are not swamped).
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: "unit", include: ["test/unit/**/*.test.ts", "test/types/**/*.test.ts"], testTimeout: 20_000 },
      },
      {
        test: {
          name: "engine",
          include: ["test/engine/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
          fileParallelism: true,
          globalSetup: ["test/engine/global-setup.ts"],
        },
      },
    ],
  },
});
