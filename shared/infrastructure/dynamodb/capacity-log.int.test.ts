import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from '#shared/observability/index.ts';
import { localEnv } from '../../../tests/support/integration.ts';
import { createDynamoClient } from './client.ts';

const env = localEnv();
const clientWith = (slowMs?: number) =>
  createDynamoClient({
    region: env.AWS_REGION!,
    endpoint: env.DYNAMODB_ENDPOINT,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...(slowMs === undefined ? {} : { slowMs }),
  });

describe('consumed-capacity logging on DynamoDB Local', () => {
  const client = clientWith(60_000);
  afterAll(() => client.destroy());
  afterEach(() => vi.restoreAllMocks());

  it('logs each data call with its capacity units and latency', async () => {
    const debug = vi.spyOn(logger, 'debug');
    const key = { PK: `CAPTEST#${ulid()}`, SK: 'X' };

    await client.send(new PutCommand({ TableName: env.TABLE_NAME, Item: { ...key, payload: 'x' } }));
    await client.send(new GetCommand({ TableName: env.TABLE_NAME, Key: key }));

    const calls = debug.mock.calls.map(([, entry]) => entry as unknown as { command: string; capacityUnits: number; latencyMs: number });
    expect(calls.map((call) => call.command)).toEqual(['PutItemCommand', 'GetItemCommand']);
    expect(calls.every((call) => call.capacityUnits > 0 && call.latencyMs >= 0)).toBe(true);
  });

  it('warns about a call slower than the threshold', async () => {
    const slowClient = clientWith(-1);
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);

    await slowClient.send(new GetCommand({ TableName: env.TABLE_NAME, Key: { PK: 'CAPTEST#none', SK: 'X' } }));
    slowClient.destroy();

    expect(warn).toHaveBeenCalledWith('slow dynamodb call', expect.objectContaining({ command: 'GetItemCommand' }));
  });
});
