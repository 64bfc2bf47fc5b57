import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalClients, type LocalClients } from './aws.ts';
import { fileCheckpoints } from './checkpoints.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { loadLocalEnv, portFrom, type EnvMap } from './env.ts';
import { queueUrlEnv } from './function-env.ts';
import type { LocalResources } from './intrinsics.ts';
import { createLambdaInvoker, type Invoke } from './lambda-invoke.ts';
import { createLog, type Log } from './log.ts';
import { startServerlessOffline } from './offline.ts';
import { startApiGatewayProxy } from './api-gateway-proxy.ts';
import { assertPortsFree, freePort } from './ports.ts';
import { createResources } from './resources.ts';
import { printServerlessConfig, type ServerlessConfig } from './serverless-config.ts';
import { LOCAL_PAYMENT_PROVIDER_API_KEY, startPaymentProviderEmulator } from './payment-provider.ts';
import { startSqsLocal, type SqsLocal } from './sqs-local.ts';
import { startTriggers } from './triggers.ts';
import { localKeyEnv } from './keys.ts';
import { startLocalLedger, type LocalLedger } from './ledger-chain.ts';

export interface LocalStackPorts {
  http: number;
  lambda: number;
  websocket: number;
  dynamodb: number;
  sqs: number;
  paymentProvider: number;
  evm: number;
}

export interface LocalStackOptions {
  /** Defaults to STAGE from the env files, then `dev`. */
  stage?: string;
  /** Repository root holding serverless.yml and the env files. */
  cwd?: string;
  /** Ports to use; each missing one comes from HTTP_PORT, LAMBDA_PORT, WEBSOCKET_PORT, DYNAMODB_PORT, SQS_PORT. */
  ports?: Partial<LocalStackPorts>;
  /** Keep DynamoDB data in `.local/dynamodb` and stream positions in `.local/stream-checkpoints.json` between runs. */
  persist?: boolean;
  quiet?: boolean;
  /** false: emulators, resources and triggers only, for integration tests without serverless offline. */
  offline?: boolean;
  /** false: no local event source mappings. */
  triggers?: boolean;
  /** Replaces the call to serverless offline's Lambda API; tests pass a fake function here. */
  invoke?: Invoke;
  /** Local-only cap on queue visibility timeouts, so tests can watch redelivery quickly. */
  maxVisibilityTimeout?: number;
  streamRetryBaseDelayMs?: number;
  /** Start anvil with the OrderLedger contract (default: whenever serverless offline runs). */
  ledger?: boolean;
  /** Seconds between local runs of every scheduled function (default LOCAL_SCHEDULE_INTERVAL_SECONDS, else 5). */
  scheduleIntervalSeconds?: number;
  /**
   * Runs once everything is up, before startLocalStack resolves and before the public HTTP port opens: the place to
   * seed demo data. Its `urls.httpApi` is serverless offline's private port.
   */
  afterReady?: (stack: LocalStack) => Promise<void>;
  /** Receives serverless offline's output (the functions' logs) and the API Gateway proxy's lines instead of the terminal; tests capture it. */
  offlineLog?: Log;
  /** Called when a child (DynamoDB Local, serverless offline) dies on its own; the stack is stopped first. */
  onUnexpectedExit?: (reason: string) => void;
}

export interface LocalStack {
  stage: string;
  region: string;
  ports: LocalStackPorts;
  urls: { httpApi: string; lambda: string; websocket: string; dynamodb: string; sqs: string; paymentProvider: string; evm?: string };
  /** The local chain and contract, when the ledger runs. */
  ledger?: LocalLedger;
  /** The in-process SQS emulator: tests take it down (`pause`) and bring it back with its messages (`resume`). */
  sqs: Pick<SqsLocal, 'pause' | 'resume'>;
  /** What the functions see: provider environment plus the local endpoints and queue URLs. */
  env: EnvMap;
  config: ServerlessConfig;
  resources: LocalResources;
  clients: LocalClients;
  stop(): Promise<void>;
}

export const startLocalStack = async (options: LocalStackOptions = {}): Promise<LocalStack> => {
  const cwd = options.cwd ?? process.cwd();
  const fileEnv = loadLocalEnv(cwd);
  const stage = options.stage ?? fileEnv.STAGE ?? 'dev';
  const region = fileEnv.AWS_REGION ?? process.env.AWS_REGION ?? 'eu-west-1';
  const ports = resolvePorts(options.ports, fileEnv);
  const offline = options.offline ?? true;
  const log = createLog('local', options.quiet);
  const stops: (() => Promise<void>)[] = [];
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // Reverse start order: pollers before the servers they poll.
    for (const step of stops.reverse()) await step().catch((error: Error) => log(`stop: ${error.message}`));
  };
  const onUnexpectedExit = (what: string) => (reason: string) => {
    if (stopped) return;
    log(`${what} exited unexpectedly (${reason}); stopping the local stack`);
    void stop().then(() => options.onUnexpectedExit?.(`${what}: ${reason}`));
  };

  const withLedger = options.ledger ?? offline;
  const emulatorPorts = {
    DYNAMODB_PORT: ports.dynamodb,
    SQS_PORT: ports.sqs,
    PAYMENT_PROVIDER_PORT: ports.paymentProvider,
    ...(withLedger ? { EVM_PORT: ports.evm } : {}),
  };
  await assertPortsFree(
    offline ? { HTTP_PORT: ports.http, LAMBDA_PORT: ports.lambda, WEBSOCKET_PORT: ports.websocket, ...emulatorPorts } : emulatorPorts,
  );
  try {
    const baseEnv = { ...process.env, ...fileEnv, AWS_REGION: region };
    const [config, dynamodb, sqs, ledger] = await allStarted(
      [
        // Offline, the local trigger below runs the schedules at a short interval instead of serverless offline.
        printServerlessConfig({ stage, cwd, env: { ...baseEnv, LEDGER_SCHEDULES_ENABLED: 'false' } }),
        startDynamoDbLocal({
          port: ports.dynamodb,
          dbPath: options.persist ? join(cwd, '.local', 'dynamodb') : undefined,
          log: createLog('dynamodb', options.quiet),
          onUnexpectedExit: onUnexpectedExit('DynamoDB Local'),
        }),
        startSqsLocal({ port: ports.sqs, region }),
        withLedger
          ? startLocalLedger({
              port: ports.evm,
              dir: options.persist ? join(cwd, '.local', 'ledger') : mkdtempSync(join(tmpdir(), 'orderly-ledger-')),
              persist: options.persist ?? false,
              log: createLog('anvil', options.quiet),
              onUnexpectedExit: onUnexpectedExit('anvil'),
            })
          : Promise.resolve(undefined),
      ] as const,
      stops,
    );
    const clients = createLocalClients({ dynamodb: dynamodb.endpoint, sqs: sqs.endpoint }, region);
    stops.push(async () => clients.destroy());
    const resources = await createResources(config.resources?.Resources ?? {}, {
      dynamodb: clients.dynamodb,
      sqs: clients.sqs,
      log,
      maxVisibilityTimeout: options.maxVisibilityTimeout,
    });
    const paymentProviderApiKey = fileEnv['PAYMENT_PROVIDER_API_KEY'] || LOCAL_PAYMENT_PROVIDER_API_KEY;
    const provider = await startPaymentProviderEmulator({
      port: ports.paymentProvider,
      apiKey: paymentProviderApiKey,
      ...(fileEnv['PAYMENT_PROVIDER_KEY_RETENTION_SECONDS']
        ? { keyRetentionSeconds: Number(fileEnv['PAYMENT_PROVIDER_KEY_RETENTION_SECONDS']) }
        : {}),
      log: createLog('payments', options.quiet),
    });
    stops.push(provider.stop);
    const urls = {
      httpApi: `http://127.0.0.1:${ports.http}`,
      lambda: `http://127.0.0.1:${ports.lambda}`,
      websocket: `ws://127.0.0.1:${ports.websocket}`,
      dynamodb: dynamodb.endpoint,
      sqs: sqs.endpoint,
      paymentProvider: provider.url,
      ...(ledger ? { evm: ledger.rpcUrl } : {}),
    };
    const localEnv = {
      ...functionFacingEnv(urls, ports, region, stage, queueUrlEnv(config, resources)),
      ...(await localKeyEnv(cwd, baseEnv)),
      // Offline the worker sends the emulator's key as a plain variable; a deployed stage reads a SecureString.
      PAYMENT_PROVIDER_API_KEY: paymentProviderApiKey,
      ...(ledger?.env ?? {}),
      LEDGER_SCHEDULES_ENABLED: 'false',
    };
    // serverless offline listens on a private port; the public HTTP port belongs to the API Gateway proxy, which opens
    // last (below), so that nothing answers on it before the triggers run and the demo data is seeded.
    const offlineHttpPort = offline ? await freePort() : 0;
    if (offline) {
      const server = await startServerlessOffline({
        stage,
        cwd,
        httpPort: offlineHttpPort,
        env: { ...baseEnv, ...localEnv, HTTP_PORT: String(offlineHttpPort) },
        log: options.offlineLog ?? createLog('offline', options.quiet),
        onUnexpectedExit: onUnexpectedExit('serverless offline'),
      });
      stops.push(server.stop);
    }
    if (options.triggers ?? true) {
      const scheduleIntervalSeconds = options.scheduleIntervalSeconds ?? Number(fileEnv.LOCAL_SCHEDULE_INTERVAL_SECONDS ?? 5);
      const pollers = startTriggers({
        config,
        resources,
        clients,
        region,
        log: createLog('trigger', options.quiet),
        invoke: options.invoke ?? createLambdaInvoker(urls.lambda),
        streamRetryBaseDelayMs: options.streamRetryBaseDelayMs,
        scheduleIntervalMs: offline && withLedger ? scheduleIntervalSeconds * 1000 : undefined,
        checkpoints: options.persist ? fileCheckpoints(join(cwd, '.local', 'stream-checkpoints.json')) : undefined,
      });
      stops.push(async () => {
        await Promise.all(pollers.map((poller) => poller.stop()));
      });
    }
    const env = { ...stringValues(config.provider.environment), ...localEnv };
    const stack: LocalStack = {
      stage,
      region,
      ports,
      urls,
      env,
      config,
      resources,
      clients,
      stop,
      sqs: { pause: sqs.pause, resume: sqs.resume },
      ...(ledger ? { ledger } : {}),
    };
    await options.afterReady?.({ ...stack, urls: { ...urls, httpApi: `http://127.0.0.1:${offlineHttpPort}` } });
    if (offline) {
      const proxy = await startApiGatewayProxy({
        port: ports.http,
        upstreamPort: offlineHttpPort,
        // Beside the functions' logs when those are captured (the e2e stack is quiet): a test that met a 500 finds why.
        log: options.offlineLog ? (line) => options.offlineLog!(`[gateway] ${line}`) : createLog('gateway', options.quiet),
      });
      stops.push(proxy.stop);
    }
    return stack;
  } catch (error) {
    await stop();
    throw error;
  }
};

/**
 * Starts things concurrently, but registers every one that came up for stopping before rethrowing,
 * so a failed `serverless print` never leaves a JVM behind.
 */
const allStarted = async <T extends readonly unknown[]>(
  starts: { [K in keyof T]: Promise<T[K]> },
  stops: (() => Promise<void>)[],
): Promise<T> => {
  const settled = await Promise.allSettled(starts);
  for (const result of settled) {
    const value = result.status === 'fulfilled' ? (result.value as { stop?: unknown }) : undefined;
    if (value && typeof value.stop === 'function') stops.push(value.stop as () => Promise<void>);
  }
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
};

const resolvePorts = (given: Partial<LocalStackPorts> = {}, env: EnvMap): LocalStackPorts => ({
  http: given.http ?? portFrom(env, 'HTTP_PORT', 3000),
  lambda: given.lambda ?? portFrom(env, 'LAMBDA_PORT', 3002),
  websocket: given.websocket ?? portFrom(env, 'WEBSOCKET_PORT', 3001),
  dynamodb: given.dynamodb ?? portFrom(env, 'DYNAMODB_PORT', 8000),
  sqs: given.sqs ?? portFrom(env, 'SQS_PORT', 9324),
  paymentProvider: given.paymentProvider ?? portFrom(env, 'PAYMENT_PROVIDER_PORT', 4010),
  evm: given.evm ?? portFrom(env, 'EVM_PORT', 8545),
});

/** The variables serverless.yml reads (`${env:...}`) and the SDK clients need to reach the emulators. */
const functionFacingEnv = (urls: LocalStack['urls'], ports: LocalStackPorts, region: string, stage: string, queueUrls: EnvMap): EnvMap => ({
  STAGE: stage,
  AWS_REGION: region,
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_TRACE_ENABLED: 'false',
  // With tracing off the X-Ray SDK under the Powertools tracer need not track async context: in its default (automatic)
  // mode it enables an async hook with destroy tracking at import, a cost on every promise (about 4 µs of a warm HTTP
  // request, bench: middleware). A deployed stage traces and keeps the automatic mode.
  AWS_XRAY_MANUAL_MODE: 'true',
  DYNAMODB_ENDPOINT: urls.dynamodb,
  SQS_ENDPOINT: urls.sqs,
  PAYMENT_PROVIDER_URL: urls.paymentProvider,
  HTTP_PORT: String(ports.http),
  LAMBDA_PORT: String(ports.lambda),
  WEBSOCKET_PORT: String(ports.websocket),
  // Clients get this URL with their ticket; the worker posts to @connections on the same port, which offline has no
  // stage path (the event's https://localhost/<stage> endpoint does not answer offline).
  WEBSOCKET_URL: urls.websocket,
  WEBSOCKET_MANAGEMENT_ENDPOINT: `http://127.0.0.1:${ports.websocket}`,
  ...queueUrls,
});

const stringValues = (environment: Record<string, unknown> = {}): EnvMap =>
  Object.fromEntries(Object.entries(environment).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
