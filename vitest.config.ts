import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/shared/**/*.test.ts', 'tests/main/**/*.test.ts', 'tests/renderer/**/*.test.tsx'],
    environment: 'node',
    // Integration tests start real servers on real SQLite files; argon2 hashing is CPU-bound.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
