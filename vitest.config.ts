import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    // Most test files wait on processes they spawn (the CLI, git, python3, tsc), not on the CPU:
    // Vitest's default on 2 cores is one worker, which leaves them idle.
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
