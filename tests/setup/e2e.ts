import { createWriteStream } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../scripts/local/ports.ts';
import { seed } from '../../scripts/local/seed.ts';
import { startLocalStack } from '../../scripts/local/stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: { baseUrl: string; env: Record<string, string>; logFile: string; accounts: typeof E2E_ACCOUNTS };
  }
}

// Faster but otherwise production-shaped settings for the suite; each is documented in .env.example.
const SUITE_ENV = {
  PASSWORD_SCRYPT_LOG_N: '14',
  RATE_LOGIN_PER_IP: '10000/900',
  RATE_REGISTER_PER_IP: '10000/3600',
  RATE_LOGIN_PER_EMAIL: '10/900',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  CATALOG_CACHE_TTL_SECONDS: '2',
  // Visibility is capped at 2 s offline, so five receives take ~10 s: the breaker must try again sooner than that.
  PAYMENT_PROVIDER_BREAKER_HALF_OPEN_MS: '1500',
  ESBUILD_WORK_FOLDER: '.esbuild-e2e',
  // No hot reload under the suite: an edit elsewhere in the checkout must not rebuild (and cold-start) every function.
  ESBUILD_WATCH_PATTERN: '.no-watch-under-e2e/none',
  SIGNING_KEYS_FILE: '.local/e2e/signing-keys.json',
  FIELD_KEYS_FILE: '.local/e2e/field-keys.json',
};

/** Accounts the suite signs in with; the admin exists only because the stack seeds it, as `npm start` does. */
export const E2E_ACCOUNTS = {
  SEED_ADMIN_EMAIL: 'e2e-admin@orderly.test',
  SEED_ADMIN_PASSWORD: 'E2e-Admin-Passw0rd!',
  SEED_CUSTOMER_EMAIL: 'e2e-customer@orderly.test',
  SEED_CUSTOMER_PASSWORD: 'E2e-Customer-Passw0rd!',
};

/** The whole system offline (stage `test`): emulators, serverless offline and the local triggers, on free ports. */
export default async function setup(project: TestProject) {
  // A caller's own work folder wins, so two e2e runs in one checkout do not overwrite each other's bundles.
  Object.assign(process.env, {
    ...SUITE_ENV,
    ...(process.env.ESBUILD_WORK_FOLDER ? { ESBUILD_WORK_FOLDER: process.env.ESBUILD_WORK_FOLDER } : {}),
  });
  const logDir = join(process.cwd(), '.local', 'e2e');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `offline-${process.pid}.log`);
  const logStream = createWriteStream(logFile);
  const stack = await startLocalStack({
    stage: 'test',
    quiet: !process.env.LOCAL_STACK_DEBUG,
    ports: {
      dynamodb: await freePort(),
      sqs: await freePort(),
      lambda: await freePort(),
      http: await freePort(),
      paymentProvider: await freePort(),
    },
    maxVisibilityTimeout: 2,
    offlineLog: (line) => logStream.write(`${line}\n`),
    afterReady: async (ready) => {
      await seed({ ...SUITE_ENV, ...ready.env, ...E2E_ACCOUNTS });
    },
  });
  project.provide('e2e', { baseUrl: stack.urls.httpApi, env: stack.env, logFile, accounts: E2E_ACCOUNTS });
  return async () => {
    await stack.stop();
    logStream.end();
  };
}
