import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { UnavailableError } from '#shared/domain/errors.ts';
import type { ProductSnapshot } from '#shared/domain/orders/decide.ts';
import type { ProductReader } from '#shared/domain/orders/ports.ts';
import { productKey } from '#shared/infrastructure/dynamodb/keys.ts';

// The catalog's item contract, read directly: orders never call catalog code.
const productItem = z.object({
  id: z.string().min(1),
  name: z.string(),
  price: z.object({ amount: z.number().int().nonnegative(), currency: z.string().length(3) }),
  status: z.enum(['ACTIVE', 'ARCHIVED']),
});

const MAX_ROUNDS = 5;

/** Consistent BatchGetItem of up to 100 products; unprocessed keys are retried with a short backoff. */
export const dynamoProductReader = ({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }): ProductReader => ({
  async getMany(productIds) {
    const products = new Map<string, ProductSnapshot>();
    let keys: Record<string, unknown>[] = [...new Set(productIds)].map(productKey);
    for (let round = 0; keys.length > 0; round++) {
      if (round === MAX_ROUNDS) throw new UnavailableError('The catalog is busy; retry shortly.', { retryAfterSeconds: 1 });
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** round * Math.random()));
      const result = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: keys,
              ConsistentRead: true,
              ProjectionExpression: 'id, #name, price, #status',
              ExpressionAttributeNames: { '#name': 'name', '#status': 'status' },
            },
          },
        }),
      );
      for (const item of result.Responses?.[tableName] ?? []) {
        const parsed = productItem.safeParse(item);
        if (parsed.success) products.set(parsed.data.id, parsed.data);
      }
      keys = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
    return products;
  },
});
