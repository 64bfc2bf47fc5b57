import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { batchGetAll } from './batch-get.ts';

// DynamoDB Local never leaves keys unprocessed, so the retry policy is held to the service's contract here: a client
// that answers each BatchGetItem with the first `served` keys and returns the rest as UnprocessedKeys.
const throttlingClient = (served: number) => {
  const requests: number[] = [];
  const client = {
    send: async (command: { input: { RequestItems: Record<string, { Keys: Record<string, unknown>[] }> } }) => {
      const [table, { Keys }] = Object.entries(command.input.RequestItems)[0]!;
      requests.push(Keys.length);
      return {
        Responses: { [table]: Keys.slice(0, served) },
        UnprocessedKeys: Keys.length > served ? { [table]: { Keys: Keys.slice(served) } } : {},
      };
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, requests };
};
const keys = (count: number) => Array.from({ length: count }, (_, index) => ({ PK: `K#${index}`, SK: 'X' }));

describe('batchGetAll', () => {
  it('asks again for unprocessed keys until every key is read', async () => {
    const { client, requests } = throttlingClient(40);
    const items = await batchGetAll(client, 't', keys(100), { exhausted: () => new Error('unread') });
    expect(items).toHaveLength(100);
    expect(requests).toEqual([100, 60, 20]);
  });

  it('gives up after five rounds of one request with the caller’s error, naming how many keys were left', async () => {
    const { client, requests } = throttlingClient(10);
    await expect(batchGetAll(client, 't', keys(100), { exhausted: (unread) => new Error(`${unread} left`) })).rejects.toThrow('50 left');
    expect(requests).toEqual([100, 90, 80, 70, 60]);
  });
});
