import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // Removes what each test made (temp folders, open stores, child processes), pass or fail.
    setupFiles: ['tests/support/cleanup-hooks.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Integration tests start servers and child processes; keep the 2-core machine responsive.
    maxWorkers: 2,
  },
});
