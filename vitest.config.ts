import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const authoring = (name: string) => fileURLToPath(new URL(`./src/authoring/${name}.ts`, import.meta.url));

export default defineConfig({
  // Runbooks loaded from outside the package import `runbook`: in tests, the sources.
  resolve: {
    alias: [
      { find: /^runbook$/, replacement: authoring('index') },
      { find: /^runbook\/(simulation|testing)$/, replacement: authoring('$1') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'runbooks/**/*.test.ts'],
    // Checks once that python3 can import moto: required in CI, else the emulator suites are skipped, saying so.
    globalSetup: ['test/emulator/global-setup.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time even on a two-core machine (vitest's default there is one): the slow suites wait on the
    // sandbox's simulated clock and on moto far more than they compute.
    maxWorkers: 2,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1' },
  },
});
