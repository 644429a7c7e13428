import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/helpers/egress-guard.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Child processes and real files: keep the 2-core machine from thrashing.
    maxWorkers: 2,
  },
});
