import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    // Most test files wait on processes they spawn (the CLI, git, python3, tsc), not on the CPU:
    // Vitest's default on 2 cores is one worker, which leaves them idle.
    maxWorkers: 3,
    // A worker runs its test files one after another in one process, sharing what they load (Vitest,
    // the sources, the matrix rendered once): about a tenth of the run's CPU. No test mocks modules;
    // one that changes the process's state puts it back.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
