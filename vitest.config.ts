import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/helpers/setup.ts'],
    // Timeouts catch hangs, not slowness: on a shared 2-core machine a test runs up to 10x slower
    // than idle (load average above 20 seen), so they sit far above any test's idle time. Speed is
    // measured in bench/, never asserted here.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
