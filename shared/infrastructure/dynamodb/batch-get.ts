import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** BatchGetItem's own limit: at most 100 keys per request. */
export const BATCH_GET_MAX_KEYS = 100;
const MAX_ROUNDS = 5;

export interface BatchGetOptions {
  consistentRead?: boolean;
  /** Attribute names to read (each goes through ExpressionAttributeNames, so reserved words need no care). */
  attributes?: readonly string[];
  /** What to throw when keys are still unprocessed after the last round (the caller's typed error). */
  exhausted: (unread: number) => Error;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every item of `keys` that exists, in any order: requests of at most 100 keys, unprocessed keys retried with
 * exponential backoff and full jitter (20 ms × 2^round), at most five rounds per request, then `exhausted`.
 */
export const batchGetAll = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
  { consistentRead, attributes, exhausted }: BatchGetOptions,
): Promise<Record<string, unknown>[]> => {
  const projection = attributes && {
    ProjectionExpression: attributes.map((_, index) => `#a${index}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(attributes.map((name, index) => [`#a${index}`, name])),
  };
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_MAX_KEYS) {
    let pending = keys.slice(start, start + BATCH_GET_MAX_KEYS);
    for (let round = 0; pending.length > 0; round += 1) {
      if (round === MAX_ROUNDS) throw exhausted(pending.length);
      if (round > 0) await wait(20 * 2 ** round * Math.random());
      const result = await client.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: [...pending], ...(consistentRead ? { ConsistentRead: true } : {}), ...projection } },
        }),
      );
      items.push(...(result.Responses?.[tableName] ?? []));
      pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return items;
};
