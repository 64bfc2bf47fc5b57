import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { localEnv } from '../../../tests/support/integration.ts';
import { batchGetAll } from './batch-get.ts';
import { createDynamoClient } from './client.ts';

const env = localEnv();
const client = createDynamoClient({
  region: env.AWS_REGION!,
  endpoint: env.DYNAMODB_ENDPOINT,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

describe('batchGetAll on DynamoDB Local', () => {
  afterAll(() => client.destroy());

  it('reads 150 items in requests of at most 100 keys, skips missing keys and returns only the named attributes', async () => {
    const run = ulid();
    const keys = Array.from({ length: 150 }, (_, index) => ({ PK: `BATCHTEST#${run}#${index}`, SK: 'X' }));
    for (let start = 0; start < keys.length; start += 25) {
      await Promise.all(
        keys
          .slice(start, start + 25)
          .map((key, offset) =>
            client.send(new PutCommand({ TableName: env.TABLE_NAME, Item: { ...key, n: start + offset, name: 'x', status: 'ok' } })),
          ),
      );
    }
    const missing = [1, 2, 3].map((index) => ({ PK: `BATCHTEST#${run}#missing${index}`, SK: 'X' }));

    const items = await batchGetAll(client, env.TABLE_NAME!, [...keys, ...missing], {
      consistentRead: true,
      attributes: ['n', 'name', 'status'],
      exhausted: () => new Error('unread'),
    });

    expect(items.map((item) => item.n as number).sort((a, b) => a - b)).toEqual(keys.map((_, index) => index));
    expect(items.every((item) => Object.keys(item).sort().join() === 'n,name,status')).toBe(true);
  });

  it('reads nothing for no keys', async () => {
    await expect(batchGetAll(client, env.TABLE_NAME!, [], { exhausted: () => new Error('unread') })).resolves.toEqual([]);
  });
});
