import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, freeStackPorts } from '../../scripts/local/ports.ts';
import { seed } from '../../scripts/local/seed.ts';
import { seedRiskModel } from '../../scripts/local/seed-risk-model.ts';
import { startLocalStack } from '../../scripts/local/stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: {
      baseUrl: string;
      env: Record<string, string>;
      logFile: string;
      accounts: typeof E2E_ACCOUNTS;
      ledger: { rpcUrl: string; chainId: number; contract: string; controlUrl: string };
      /** POST /sqs/stop, /sqs/start, /evm/stop, /evm/start: outages of the stack's emulators. */
      controlUrl: string;
    };
  }
}

// Faster but otherwise production-shaped settings for the suite; each is documented in .env.example.
const SUITE_ENV = {
  PASSWORD_SCRYPT_LOG_N: '14',
  RATE_LOGIN_PER_IP: '10000/900',
  RATE_REGISTER_PER_IP: '10000/3600',
  RATE_LOGIN_PER_EMAIL: '10/900',
  // The suite places hundreds of orders as one customer (the payments fault run); the limits have unit tests.
  ORDER_RATE_PER_CUSTOMER: '100000/60',
  ORDER_MAX_UNPAID: '1000',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  CATALOG_CACHE_TTL_SECONDS: '2',
  // Hot updates of the risk model show within seconds instead of the production 30 s.
  RISK_MODEL_CACHE_TTL_SECONDS: '2',
  // Visibility is capped at 2 s offline, so five receives take ~10 s: the breaker must try again sooner than that.
  PAYMENT_PROVIDER_BREAKER_HALF_OPEN_MS: '1500',
  ESBUILD_WORK_FOLDER: '.esbuild-e2e',
  // No hot reload under the suite: an edit elsewhere in the checkout must not rebuild (and cold-start) every function.
  ESBUILD_WATCH_PATTERN: '.no-watch-under-e2e/none',
};

// Every run starts with new keys, as it starts with an empty table: a key set left by an earlier run (the rotation
// test adds keys and backdates some) would make this run's rotations drop keys the test did not expect. Per process,
// so two runs in one checkout never share a key file; removed when the run ends.
const KEYS_DIR = join('.local', 'e2e', `keys-${process.pid}`);
Object.assign(SUITE_ENV, {
  SIGNING_KEYS_FILE: join(KEYS_DIR, 'signing-keys.json'),
  FIELD_KEYS_FILE: join(KEYS_DIR, 'field-keys.json'),
});

/** Accounts the suite signs in with; the admin exists only because the stack seeds it, as `npm start` does. */
export const E2E_ACCOUNTS = {
  SEED_ADMIN_EMAIL: 'e2e-admin@orderly.test',
  SEED_ADMIN_PASSWORD: 'E2e-Admin-Passw0rd!',
  SEED_CUSTOMER_EMAIL: 'e2e-customer@orderly.test',
  SEED_CUSTOMER_PASSWORD: 'E2e-Customer-Passw0rd!',
};

/**
 * Waits until the first functions answer as they should (a cold start's import is not part of the timeout, as on
 * Lambda: fix 3 in scripts/local/offline-fixes.ts, but it still takes seconds on a loaded machine), so the first
 * test that calls one measures the function, not the emulator's cold start.
 */
const warmUp = async (baseUrl: string, deadlineMs = 120_000) => {
  // offline answers a timed-out function with 200 and the error as body, so a status alone proves nothing.
  const expected: [path: string, method: string, answered: (response: Response, body: string) => boolean][] = [
    ['/health', 'GET', (response, body) => response.status === 200 && body.includes('"status":"ok"')],
    ['/no/such/route', 'POST', (response) => response.status === 404 && /problem\+json/.test(response.headers.get('content-type') ?? '')],
  ];
  const deadline = Date.now() + deadlineMs;
  for (const [path, method, answered] of expected) {
    for (;;) {
      const response = await fetch(`${baseUrl}${path}`, { method }).catch(() => undefined);
      const body = (await response?.text()) ?? '';
      if (response && answered(response, body)) break;
      if (Date.now() > deadline) throw new Error(`${method} ${path} did not answer as expected within ${deadlineMs} ms`);
    }
  }
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
    ports: await freeStackPorts(),
    // The ledger's anchor worker and listener every second, so anchoring is seen within seconds.
    scheduleIntervalSeconds: 1,
    maxVisibilityTimeout: 2,
    offlineLog: (line) => logStream.write(`${line}\n`),
    afterReady: async (ready) => {
      await seed({ ...SUITE_ENV, ...ready.env, ...E2E_ACCOUNTS });
      await seedRiskModel({ ...ready.env });
    },
  });
  await warmUp(stack.urls.httpApi);
  const ledger = stack.ledger!;
  // Tests take the chain node or the SQS emulator down and bring it back through here: they belong to this process.
  const actions: Record<string, () => Promise<void>> = {
    '/evm/stop': () => ledger.stopNode(),
    '/evm/start': () => ledger.startNode(),
    '/sqs/stop': () => stack.sqs.pause(),
    '/sqs/start': () => stack.sqs.resume(),
  };
  const control = createServer((request, response) => {
    const action = actions[request.url ?? '']?.() ?? Promise.reject(new Error('unknown'));
    action.then(
      () => response.end('ok'),
      (error: Error) => {
        response.statusCode = 500;
        response.end(error.message);
      },
    );
  });
  const controlPort = await freePort();
  await new Promise<void>((resolve) => control.listen(controlPort, '127.0.0.1', resolve));
  project.provide('e2e', {
    baseUrl: stack.urls.httpApi,
    env: stack.env,
    logFile,
    accounts: E2E_ACCOUNTS,
    ledger: { rpcUrl: ledger.rpcUrl, chainId: ledger.chainId, contract: ledger.contract, controlUrl: `http://127.0.0.1:${controlPort}` },
    controlUrl: `http://127.0.0.1:${controlPort}`,
  });
  return async () => {
    await new Promise((resolve) => control.close(resolve));
    await stack.stop();
    logStream.end();
    rmSync(KEYS_DIR, { recursive: true, force: true });
  };
}
