import { defineConfig } from 'vitest/config';

// Deterministic Powertools: pretty logs through console (spy-able), no tracing, metrics namespace fixed.
const env = {
  POWERTOOLS_DEV: 'true',
  POWERTOOLS_TRACE_ENABLED: 'false',
  POWERTOOLS_METRICS_NAMESPACE: 'Test',
  POWERTOOLS_SERVICE_NAME: 'orderly',
  POWERTOOLS_LOG_LEVEL: 'WARN',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  STAGE: 'test',
  AWS_REGION: 'eu-west-1',
  TABLE_NAME: 'orderly-unit',
};

export default defineConfig({
  test: {
    env,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'functions/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ['node_modules/**'],
          globalSetup: ['tests/setup/integration.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          globalSetup: ['tests/setup/e2e.ts'],
          // One file at a time: every file shares one serverless offline, whose cold starts queue up under load.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['tests/infra/**/*.test.ts'],
          // Every stage the tests read is packaged once, before the tests (packaging is the slow part).
          globalSetup: ['tests/setup/infra.ts'],
          testTimeout: 60_000,
          hookTimeout: 200_000,
        },
      },
    ],
  },
});
