import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '#shared/zod.ts';
import { UnavailableError } from '#shared/domain/errors.ts';
import type { ProductSnapshot } from '#shared/domain/orders/decide.ts';
import type { ProductReader } from '#shared/domain/orders/ports.ts';
import { batchGetAll } from '#shared/infrastructure/dynamodb/batch-get.ts';
import { productKey } from '#shared/infrastructure/dynamodb/keys.ts';

// The catalog's item contract, read directly: orders never call catalog code.
const productItem = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  price: z.object({ amount: z.int().check(z.nonnegative()), currency: z.string().check(z.length(3)) }),
  status: z.enum(['ACTIVE', 'ARCHIVED']),
});

const catalogBusy = () => new UnavailableError('The catalog is busy; retry shortly.', { retryAfterSeconds: 1 });

/** Consistent BatchGetItem of the products (unprocessed keys retried, see batchGetAll); unreadable items are skipped. */
export const dynamoProductReader = ({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }): ProductReader => ({
  async getMany(productIds) {
    const items = await batchGetAll(client, tableName, [...new Set(productIds)].map(productKey), {
      consistentRead: true,
      attributes: ['id', 'name', 'price', 'status'],
      exhausted: catalogBusy,
    });
    const products = new Map<string, ProductSnapshot>();
    for (const item of items) {
      const parsed = productItem.safeParse(item);
      if (parsed.success) products.set(parsed.data.id, parsed.data);
    }
    return products;
  },
});
